import type { FeedbackHandlerOptions } from 'rag-metrics/express';
import { MODEL_PROFILES } from '../llm-simulator/models';

/** Routes whose answers clients may rate; feedback naming any other route is a 400. */
export const RATED_ROUTES = ['/ask', '/ask/stream'] as const;

/**
 * Models whose answers clients may rate: the aliases, and the dated snapshots (such as
 * `gpt-4o-mini-2024-07-18`) that answers name and clients send back. Without a `models` list the
 * handler records every rating with `model="unknown"`, so that anonymous clients cannot fill the
 * label with names of their own.
 */
export const RATED_MODELS: readonly string[] = Object.entries(MODEL_PROFILES).flatMap(
  ([alias, profile]) => [alias, profile.snapshot],
);

/** `POST /feedback` options for both apps. */
export function feedbackOptions(): FeedbackHandlerOptions {
  return { routes: [...RATED_ROUTES], models: [...RATED_MODELS] };
}
