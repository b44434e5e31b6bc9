import { APIError } from 'openai';
import type { RagContext } from 'rag-metrics';

export const PROVIDER = 'openai';

/** Errors from the model provider (HTTP errors, timeouts, refused connections): the app answers 502. */
export function isProviderError(err: unknown): err is APIError {
  return err instanceof APIError;
}

/**
 * Records a failed provider call: the quota headers the error response still carries, a rate-limit
 * hit on 429, and the error's class (`InternalServerError`, `RateLimitError`, …) as `error_type`.
 */
export function recordProviderError(rag: RagContext, err: unknown): void {
  if (!isProviderError(err)) return;
  if (err.headers) rag.recordRateLimitHeaders(PROVIDER, err.headers);
  if (err.status === 429) rag.recordRateLimitHit(PROVIDER);
  rag.recordError(err);
}
