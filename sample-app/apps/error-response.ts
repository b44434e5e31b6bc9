import { isProviderError } from '../service/provider-errors';

export interface ErrorResponse {
  readonly status: number;
  readonly body: { readonly error: string };
}

/**
 * How either app answers an error it understands: client mistakes (bad JSON, missing question) are
 * 4xx with the reason, provider failures are 502. `undefined` means a bug: let the framework's 500
 * handling (and the metrics middleware's error labelling) take it.
 */
export function errorResponse(err: unknown): ErrorResponse | undefined {
  if (isProviderError(err)) {
    const status = err.status === undefined ? '' : ` (HTTP ${err.status})`;
    return {
      status: 502,
      body: { error: `The language model provider failed: ${err.constructor.name}${status}.` },
    };
  }
  if (!isClientError(err)) return undefined;
  // Body parsers (Express's and co-body under Koa) mark unparsable JSON this way.
  if (err.type === 'entity.parse.failed' || err instanceof SyntaxError) {
    return { status: 400, body: { error: 'The request body is not valid JSON.' } };
  }
  return { status: err.status, body: { error: err.message } };
}

interface ClientError extends Error {
  status: number;
  type?: unknown;
}

function isClientError(err: unknown): err is ClientError {
  if (!(err instanceof Error)) return false;
  const { status, expose } = err as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose !== false;
}
