import { FEEDBACK_RATINGS, type Feedback } from './quality-types';
import { isNonEmptyString, quote } from './validation';

/** Which route and model names a feedback body may carry; `undefined` lets any through (capped like every label). */
export interface FeedbackAllowList {
  readonly routes: ReadonlySet<string> | undefined;
  readonly models: ReadonlySet<string> | undefined;
}

export type FeedbackParse =
  | { readonly ok: true; readonly feedback: Feedback }
  | { readonly ok: false; readonly error: string };

const EXAMPLE = '{"rating":"positive","route":"/ask","model":"gpt-4o"}';

/**
 * Checks a `POST /feedback` body: `{ rating, route?, model? }`. The body comes from a client, so a
 * bad one is the client's mistake (400 with this message), never a dropped metric value.
 */
export function parseFeedback(body: unknown, allow: FeedbackAllowList): FeedbackParse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail(`the body must be a JSON object like ${EXAMPLE}; got ${quote(body)}`);
  }
  const { rating, route, model } = body as Record<string, unknown>;
  if (!FEEDBACK_RATINGS.includes(rating as Feedback['rating'])) {
    return fail(`"rating" is ${quote(rating)}; it must be "positive" or "negative"`);
  }
  const routeError = labelError('route', route, allow.routes);
  if (routeError) return fail(routeError);
  const modelError = labelError('model', model, allow.models);
  if (modelError) return fail(modelError);
  return {
    ok: true,
    feedback: {
      rating: rating as Feedback['rating'],
      route: route as string | undefined,
      model: model as string | undefined,
    },
  };
}

function labelError(
  field: string,
  value: unknown,
  allowed: ReadonlySet<string> | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  if (!isNonEmptyString(value)) {
    return `"${field}" is ${quote(value)}; it must be a non-empty string, or left out`;
  }
  if (allowed !== undefined && !allowed.has(value)) {
    const names = [...allowed].map((name) => JSON.stringify(name)).join(', ');
    return `"${field}" is ${quote(value)}; it must be one of ${names}, or left out`;
  }
  return undefined;
}

function fail(reason: string): FeedbackParse {
  return { ok: false, error: `rag-metrics feedback: ${reason}.` };
}
