import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The header a request id is read from and echoed in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Longest incoming id reused; longer ones are replaced, so a client cannot bloat every log line. */
export const MAX_REQUEST_ID_LENGTH = 128;

// Letters, digits and `._:-` cover UUIDs, ULIDs, W3C trace ids and cloud load balancer ids, and
// keep quotes, spaces and control characters (log injection) out of the log line and the header.
const REQUEST_ID = /^[A-Za-z0-9._:-]+$/;

/** The incoming `x-request-id` if it is safe to reuse, else a fresh UUID. */
export function requestIdFrom(header: unknown): string {
  if (
    typeof header === 'string' &&
    header.length > 0 &&
    header.length <= MAX_REQUEST_ID_LENGTH &&
    REQUEST_ID.test(header)
  ) {
    return header;
  }
  return randomUUID();
}

/** Whether a request's own `x-request-id` may be used (see the `trustRequestId` option). */
export type RequestIdTrust = (req: IncomingMessage) => boolean;

/**
 * Gives the request its id (`req.id`, which pino-http then reuses instead of generating its own)
 * and echoes it in the response, so that a client or proxy can quote it when reporting a problem.
 * The incoming header is used only when `trust` (if given) says so; a throwing check says no.
 */
export function assignRequestId(
  req: IncomingMessage,
  res: ServerResponse,
  trust: RequestIdTrust | undefined,
): string {
  const header =
    trust === undefined || trusts(trust, req) ? req.headers[REQUEST_ID_HEADER] : undefined;
  const id = requestIdFrom(header);
  req.id = id;
  if (!res.headersSent) res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

function trusts(trust: RequestIdTrust, req: IncomingMessage): boolean {
  try {
    return trust(req) === true;
  } catch {
    return false;
  }
}
