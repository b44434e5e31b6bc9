import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { MetricsAuthorizer } from './types';

/** What `metricsAuth` accepts, in `createRagMetrics()` and the cluster primary's endpoint alike. */
export type MetricsAuthOption = { readonly bearerToken: string } | MetricsAuthorizer;

/**
 * Shortest bearer token accepted. A scrape token lives in a config file or an environment variable
 * and is typed by nobody, so length costs nothing; 16 characters keep a guessed or empty
 * `METRICS_TOKEN=` from ever opening the endpoint.
 */
export const MIN_BEARER_TOKEN_LENGTH = 16;

/** Why a scrape was answered 401: the `reason` label of `rag_metrics_unauthorized_total`. */
export type UnauthorizedReason = 'missing' | 'wrong_scheme' | 'wrong_token' | 'denied';

/** Every `reason` value, so each series can be resolved once, up front. */
export const UNAUTHORIZED_REASONS: readonly UnauthorizedReason[] = [
  'missing',
  'wrong_scheme',
  'wrong_token',
  'denied',
];

/** Checks a request: `undefined` lets it through, a reason refuses it. */
export type ScrapeCheck = (req: IncomingMessage) => UnauthorizedReason | undefined;

// A bearer token presented over HTTP is printable ASCII (Node reads header bytes as latin1, so any
// other character in the configured token could never match what a client sends).
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const SPACES_AND_TABS = /^[ \t]+|[ \t]+$/g;

/**
 * Validates `metricsAuth` once, for every caller that serves metrics. The value is never quoted in
 * an error: it may be the secret itself (`metricsAuth: process.env.METRICS_TOKEN`), and startup
 * errors end up in logs. Only its shape is described.
 */
export function resolveMetricsAuth(subject: string, value: unknown): MetricsAuthOption | undefined {
  if (value === undefined || typeof value === 'function')
    return value as MetricsAuthorizer | undefined;
  const allowed = `it must be { bearerToken: "<at least ${MIN_BEARER_TOKEN_LENGTH} printable ASCII characters>" } or a function (req) => boolean`;
  const token = (value as { bearerToken?: unknown } | null)?.bearerToken;
  if (typeof value !== 'object' || value === null || typeof token !== 'string') {
    throw new TypeError(`rag-metrics: ${subject} "metricsAuth" is ${shapeOf(value)}; ${allowed}.`);
  }
  const where = `${subject} "metricsAuth.bearerToken"`;
  if (/[\r\n]$/.test(token)) {
    throw new RangeError(
      `rag-metrics: ${where} ends in a newline (read from a file?), so no request could ever match it; trim it.`,
    );
  }
  if (token.length < MIN_BEARER_TOKEN_LENGTH) {
    throw new RangeError(
      `rag-metrics: ${where} is ${token.length} characters long; it must be at least ${MIN_BEARER_TOKEN_LENGTH} (an unset METRICS_TOKEN= reads as empty).`,
    );
  }
  if (!PRINTABLE_ASCII.test(token)) {
    throw new RangeError(
      `rag-metrics: ${where} holds spaces, control or non-ASCII characters, which no Authorization header can carry; use printable ASCII only.`,
    );
  }
  return { bearerToken: token };
}

/** The check a resolved `metricsAuth` stands for; `undefined` when the endpoint is open. */
export function scrapeCheck(auth: MetricsAuthOption | undefined): ScrapeCheck | undefined {
  if (auth === undefined) return undefined;
  if (typeof auth === 'function') return customCheck(auth);
  return bearerCheck(auth.bearerToken);
}

function customCheck(authorize: MetricsAuthorizer): ScrapeCheck {
  return (req) => {
    try {
      return authorize(req) === true ? undefined : 'denied';
    } catch {
      return 'denied';
    }
  };
}

/**
 * Compares SHA-256 digests with `timingSafeEqual`: equal lengths by construction, and the time taken
 * says nothing about how much of the token matched. Only spaces and tabs around the presented token
 * are ignored (HTTP's own whitespace); `trim()` would also drop U+00A0 and line breaks.
 */
function bearerCheck(token: string): ScrapeCheck {
  const expected = digest(token);
  return (req) => {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || header === '') return 'missing';
    if (!/^bearer /i.test(header)) return 'wrong_scheme';
    const presented = header.slice(7).replace(SPACES_AND_TABS, '');
    return timingSafeEqual(digest(presented), expected) ? undefined : 'wrong_token';
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** A description of a value that may be a secret: its type, and an object's key names. */
function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `a string of ${value.length} characters (not shown)`;
  if (typeof value !== 'object') return `a ${typeof value}`;
  if (Array.isArray(value)) return 'an array';
  const keys = Object.keys(value).map((key) => JSON.stringify(key));
  return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
}
