import type { FeedbackHandlerOptions } from 'rag-metrics/express';

/** Routes whose answers clients may rate; feedback naming any other route is a 400. */
export const RATED_ROUTES = ['/ask', '/ask/stream'] as const;

/**
 * `POST /feedback` options for both apps. Routes are a fixed list. Models are left open: clients
 * send back the model the answer named, a dated snapshot such as `gpt-4o-mini-2024-07-18`, and the
 * library's label cap (`maxLabelValues`) bounds what a misbehaving client could add.
 */
export function feedbackOptions(): FeedbackHandlerOptions {
  return { routes: [...RATED_ROUTES] };
}
