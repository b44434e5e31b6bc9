import type { ServerResponse } from 'node:http';

/** Statuses the simulator can be told to fail with. */
export type SimulatedFailure = 429 | 500 | 502 | 503;

export const SIMULATED_FAILURES: readonly SimulatedFailure[] = [429, 500, 502, 503];

const BODIES: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: 'Invalid request.', type: 'invalid_request_error', code: null },
  404: { message: 'Not found.', type: 'invalid_request_error', code: 'not_found' },
  429: {
    message: 'Rate limit reached for requests. Please try again shortly.',
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  500: {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    code: null,
  },
  502: { message: 'Bad gateway.', type: 'server_error', code: null },
  503: {
    message: 'The engine is currently overloaded, please try again later.',
    type: 'server_error',
    code: null,
  },
};

/** Sends an error in OpenAI's envelope, `{ error: { message, type, param, code } }`. */
export function sendError(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  detail: { message?: string; param?: string | null; code?: string | null } = {},
): void {
  const base = BODIES[status] ?? BODIES[500];
  const error = {
    message: detail.message ?? base?.message,
    type: base?.type,
    param: detail.param ?? null,
    code: detail.code ?? base?.code ?? null,
  };
  // A short retry-after keeps SDK retries (if enabled) from stalling the demo.
  const retry = status === 429 || status >= 500 ? { 'retry-after-ms': '50' } : {};
  res.writeHead(status, { 'content-type': 'application/json', ...headers, ...retry });
  res.end(JSON.stringify({ error }));
}
