import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegistryContentType } from 'prom-client';
import { negotiateFormat } from './exposition';
import type { MetricsAuthorizer } from './types';

export type MetricsRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Renders the exposition text in one of the formats it offers. */
export interface MetricsSource {
  render(contentType: RegistryContentType): Promise<string>;
  /** The formats `render` can produce, the one to use when the scraper states no preference first. */
  readonly contentTypes: readonly RegistryContentType[];
}

/**
 * A plain Node handler serving metrics: GET and HEAD only, optional bearer-token or custom
 * authorisation, the format the scraper's `Accept` header prefers (OpenMetrics or text 0.0.4), and a
 * 500 with a one-line reason (never a crash) if rendering fails.
 */
export function createMetricsHandler(
  source: MetricsSource,
  auth: MetricsAuthorizer | { readonly bearerToken: string } | undefined,
): MetricsRequestHandler {
  const authorize =
    auth === undefined
      ? undefined
      : typeof auth === 'function'
        ? auth
        : bearerCheck(auth.bearerToken);
  return function serveMetrics(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.setHeader('Allow', 'GET, HEAD');
      res.end();
      return;
    }
    if (authorize !== undefined && !safeAuthorize(authorize, req)) {
      res.statusCode = 401;
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      res.end();
      return;
    }
    const contentType = negotiateFormat(req.headers.accept, source.contentTypes);
    source.render(contentType).then(
      (body) => {
        res.statusCode = 200;
        res.setHeader('Content-Type', contentType);
        res.setHeader('Vary', 'Accept');
        res.setHeader('Cache-Control', 'no-store');
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (err: unknown) => {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(
          `rag-metrics: could not render metrics: ${err instanceof Error ? err.message : String(err)}\n`,
        );
      },
    );
  };
}

function safeAuthorize(authorize: MetricsAuthorizer, req: IncomingMessage): boolean {
  try {
    return authorize(req) === true;
  } catch {
    return false;
  }
}

/**
 * Compares SHA-256 digests with `timingSafeEqual`: equal lengths by construction, and the time taken
 * says nothing about how much of the token matched.
 */
function bearerCheck(token: string): MetricsAuthorizer {
  const expected = digest(token);
  return (req) => {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || !/^bearer /i.test(header)) return false;
    return timingSafeEqual(digest(header.slice(7).trim()), expected);
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
