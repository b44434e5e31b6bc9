import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Middleware } from 'koa';
import {
  answerFeedback,
  type FeedbackHandlerOptions,
  resolveFeedbackOptions,
} from '../lib/feedback-handler';
import { contextOf } from '../lib/response-lifecycle';

/** The parts of Koa's context the handler reads and writes; Koa 2 and 3 both have them. */
interface KoaFeedbackContext {
  req: IncomingMessage;
  res: ServerResponse;
  request: { body?: unknown };
  status: number;
  body: unknown;
  set(field: string, value: string): void;
}

/**
 * A `POST /feedback` handler: checks `{ rating: "positive" | "negative", route?, model? }`, counts it
 * in `rag_feedback_total` and answers 204; or 400, 413 (over 4 KB) or 415 (not
 * `application/json`) with `{ error }` saying what was wrong. Works with or without a body parser
 * before it.
 *
 * @example router.post('/feedback', ragFeedbackHandler({ routes: ['/ask'], models: ['gpt-4o'] }));
 */
export function ragFeedbackHandler(options?: FeedbackHandlerOptions): Middleware {
  const resolved = resolveFeedbackOptions(options);
  async function ragFeedbackHandlerMiddleware(ctx: KoaFeedbackContext): Promise<void> {
    const answer = await answerFeedback(ctx.req, ctx.request.body, resolved, contextOf(ctx.res));
    ctx.status = answer.status;
    if (answer.status === 204) return;
    ctx.body = answer.body;
    // The rest of an unread body is not read: the connection closes after this answer.
    if (answer.close) ctx.set('Connection', 'close');
  }
  // Typed against the fields it reads, so it fits Koa 2 and 3 and any router's context.
  return ragFeedbackHandlerMiddleware as unknown as Middleware;
}
