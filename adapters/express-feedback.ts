import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  answerFeedback,
  type FeedbackHandlerOptions,
  resolveFeedbackOptions,
} from '../lib/feedback-handler';
import { contextOf } from '../lib/response-lifecycle';

type Next = (err?: unknown) => void;

/**
 * A `POST /feedback` handler: checks `{ rating: "positive" | "negative", route?, model? }`, counts it
 * in `rag_feedback_total` and answers 204; or 400, 413 (over 4 KB) or 415 (not
 * `application/json`) with `{ error }` saying what was wrong. Works with or without
 * `express.json()` before it.
 *
 * @example app.post('/feedback', ragFeedbackHandler({ routes: ['/ask'], models: ['gpt-4o'] }));
 */
export function ragFeedbackHandler(options?: FeedbackHandlerOptions) {
  const resolved = resolveFeedbackOptions(options);
  return function ragFeedbackHandlerMiddleware(
    req: IncomingMessage & { body?: unknown },
    res: ServerResponse,
    next: Next,
  ): void {
    answerFeedback(req, req.body, resolved, contextOf(res)).then((answer) => {
      res.statusCode = answer.status;
      if (answer.status === 204) {
        res.end();
        return;
      }
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      // The rest of an unread body is not read: the connection closes after this answer.
      if (answer.close) res.setHeader('Connection', 'close');
      res.end(JSON.stringify(answer.body));
    }, next);
  };
}
