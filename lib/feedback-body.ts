import { UNMATCHED_ROUTE } from './metric-names';
import { FEEDBACK_RATINGS, type Feedback } from './quality-types';
import { EMPTY_LABEL_VALUE, OVERFLOW_LABEL_VALUE } from './series/label-guard';
import { isNonEmptyString, quote } from './validation';

/**
 * Which route and model names a feedback body may carry. Without a list, what a client names is
 * not recorded at all (the label reads `unknown`): the text of anonymous clients never becomes a
 * label value, which they could otherwise fill with made-up names and push real ones to `__other__`.
 */
export interface FeedbackAllowList {
  readonly routes: ReadonlySet<string> | undefined;
  readonly models: ReadonlySet<string> | undefined;
}

export type FeedbackParse =
  | { readonly ok: true; readonly feedback: Feedback }
  | { readonly ok: false; readonly error: string };

const EXAMPLE = '{"rating":"positive","route":"/ask","model":"gpt-4o"}';

/** Values the package itself gives labels; a client naming one would blur what it means. */
const RESERVED_VALUES: ReadonlySet<string> = new Set([
  OVERFLOW_LABEL_VALUE,
  EMPTY_LABEL_VALUE,
  UNMATCHED_ROUTE,
]);

/** Whether a route or model name is one the package reserves for its own label values. */
export function isReservedLabelValue(value: string): boolean {
  return RESERVED_VALUES.has(value);
}

/**
 * Checks a `POST /feedback` body: `{ rating, route?, model? }`. The body comes from a client, so a
 * bad one is the client's mistake (400 with this message), never a dropped metric value. Messages
 * never list the allow-lists: the client is anonymous.
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
      route: allow.routes === undefined ? undefined : (route as string | undefined),
      model: allow.models === undefined ? undefined : (model as string | undefined),
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
  if (isReservedLabelValue(value)) {
    return `"${field}" is ${quote(value)}, a value reserved for the metrics themselves; leave it out`;
  }
  if (allowed !== undefined && !allowed.has(value)) {
    return `"${field}" is ${quote(value)}, which this service does not take feedback for; leave it out if unsure`;
  }
  return undefined;
}

function fail(reason: string): FeedbackParse {
  return { ok: false, error: `rag-metrics feedback: ${reason}.` };
}
