import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** What a redacted value reads as (pino's own censor text). */
export const REDACTED = '[Redacted]';

/**
 * Headers that carry credentials: HTTP auth and cookies, and the API-key headers of the LLM and
 * cloud providers a RAG service is likely to receive or forward (OpenAI, Azure OpenAI, Anthropic,
 * Google, AWS, API gateways).
 */
export const SECRET_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'openai-api-key',
  'anthropic-api-key',
  'x-goog-api-key',
  'x-auth-token',
  'x-access-token',
  'x-amz-security-token',
  'ocp-apim-subscription-key',
  'x-csrf-token',
  'x-xsrf-token',
];

// Names that are not on the list but read like a credential (`x-acme-api-key`, `x-api_key`,
// `x-functions-key`, `x-session-token`, `x-pass`, `x-hub-signature`) are redacted too: a header
// logged by mistake cannot be taken back. Broad on purpose: a false positive costs a log field.
const SECRET_LOOKING = /auth|token|secret|pass|key|session|cookie|signature|credential|csrf|xsrf/i;

/** Whether a header or field name reads like a credential, in any case. */
export function looksSecret(name: string): boolean {
  return SECRET_LOOKING.test(name);
}

/** Distinct header names remembered; beyond that (a client inventing names) each is tested anew. */
const MAX_REMEMBERED_NAMES = 512;

/**
 * Copies headers for the completion line with secret values replaced. One pass over the headers,
 * with the verdict for each name remembered, is cheaper than pino's path-based `redact`, which
 * clones the logged object to redact it.
 */
export class HeaderRedactor {
  private readonly verdicts = new Map<string, boolean>();

  constructor(extraNames: readonly string[]) {
    for (const name of [...SECRET_HEADERS, ...extraNames]) {
      this.verdicts.set(name.toLowerCase(), true);
    }
  }

  /**
   * Incoming headers with secrets redacted. pino serialises the line the moment it is built, so the
   * request's own object is logged as is when it holds no secret (most requests) and copied only
   * when there is something to redact; the request's object itself is never changed.
   */
  request(headers: IncomingHttpHeaders): IncomingHttpHeaders {
    for (const name in headers) {
      if (this.isSecret(name)) return this.redactedCopy(headers);
    }
    return headers;
  }

  /**
   * The response's headers with secrets redacted, in a plain object: `getHeaders()` returns one
   * without a prototype, which V8 keeps in dictionary mode and serialises slower than the whole copy
   * made here costs (issue 4).
   */
  response(res: ServerResponse): OutgoingHttpHeaders {
    const copy: OutgoingHttpHeaders = {};
    for (const name of res.getHeaderNames()) {
      copy[name] = this.isSecret(name) ? REDACTED : res.getHeader(name);
    }
    return copy;
  }

  private redactedCopy(headers: IncomingHttpHeaders): IncomingHttpHeaders {
    const copy: IncomingHttpHeaders = {};
    for (const name in headers) copy[name] = this.isSecret(name) ? REDACTED : headers[name];
    return copy;
  }

  /** Whether `name` is listed, configured or looks like a credential; case-insensitive. */
  isSecret(name: string): boolean {
    let secret = this.verdicts.get(name);
    if (secret === undefined) {
      secret = this.verdicts.get(name.toLowerCase()) ?? SECRET_LOOKING.test(name);
      if (this.verdicts.size < MAX_REMEMBERED_NAMES) this.verdicts.set(name, secret);
    }
    return secret;
  }
}
