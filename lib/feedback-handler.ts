import type { IncomingMessage } from 'node:http';
import { type FeedbackAllowList, isReservedLabelValue, parseFeedback } from './feedback-body';
import { type BodyRefusal, readJsonBody, refuseByHeaders } from './feedback-read';
import type { Feedback } from './quality-types';
import { quote } from './validation';

/** Anything feedback can be recorded into: a `RagMetrics` instance or a request's context. */
export interface FeedbackTarget {
  recordFeedback(feedback: Feedback): void;
}

/** Options of `ragFeedbackHandler()` (Express and Koa). */
export interface FeedbackHandlerOptions {
  /**
   * The instance to count feedback in: a `RagMetrics`, or the middleware `ragMetrics()` returned.
   * @default the instance of the `ragMetrics()` middleware that measured the feedback request
   */
  readonly metrics?: FeedbackTarget | { readonly metrics: FeedbackTarget };
  /**
   * Route templates a client may name; any other answers 400. Without it, the route a client
   * names is not recorded: feedback is counted with `route="unknown"`, so anonymous clients cannot
   * fill the label with made-up values.
   * @example ['/ask', '/ask/stream']
   */
  readonly routes?: readonly string[];
  /** Model names a client may name; any other answers 400. Without it, `model="unknown"`. */
  readonly models?: readonly string[];
}

/**
 * What the handler answers: 204 when counted; 400 (a bad body), 413 (too large) or 415 (not JSON)
 * with `{ error }` saying what was wrong. `close`: the body was left unread, so the connection
 * must not be reused.
 */
export type FeedbackAnswer =
  | { readonly status: 204 }
  | {
      readonly status: 400 | 413 | 415;
      readonly body: { readonly error: string };
      readonly close: boolean;
    };

/** Options checked once, when the handler is created. */
export interface ResolvedFeedbackOptions extends FeedbackAllowList {
  readonly target: FeedbackTarget | undefined;
}

export function resolveFeedbackOptions(
  options: FeedbackHandlerOptions = {},
): ResolvedFeedbackOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `rag-metrics: ragFeedbackHandler options must be an object; got ${quote(options)}.`,
    );
  }
  return {
    target: targetOption(options.metrics),
    routes: namesOption('routes', options.routes),
    models: namesOption('models', options.models),
  };
}

/**
 * Reads, checks and counts one feedback request. `parsed` is the body a body parser already read
 * (`req.body`, `ctx.request.body`); without one the handler reads the JSON itself.
 */
export async function answerFeedback(
  req: IncomingMessage,
  parsed: unknown,
  options: ResolvedFeedbackOptions,
  requestTarget: FeedbackTarget | undefined,
): Promise<FeedbackAnswer> {
  const target = options.target ?? requestTarget;
  if (target === undefined) {
    // A setup mistake, not the client's: let the framework answer 500 and log it.
    throw new Error(
      'rag-metrics: ragFeedbackHandler() found no ragMetrics() middleware before it; mount ragMetrics() first or pass { metrics }.',
    );
  }
  const refused = refuseByHeaders(req);
  if (refused !== undefined) return refusal(refused);
  const body =
    parsed === undefined ? await readJsonBody(req) : { ok: true as const, value: parsed };
  if (!body.ok) return refusal(body.refusal);
  const result = parseFeedback(body.value, options);
  if (!result.ok) return { status: 400, body: { error: result.error }, close: false };
  target.recordFeedback(result.feedback);
  return { status: 204 };
}

function refusal({ status, error, close }: BodyRefusal): FeedbackAnswer {
  return { status, body: { error }, close };
}

function targetOption(value: FeedbackHandlerOptions['metrics']): FeedbackTarget | undefined {
  if (value === undefined) return undefined;
  if (typeof (value as Partial<FeedbackTarget>).recordFeedback === 'function')
    return value as FeedbackTarget;
  const inner = (value as { metrics?: Partial<FeedbackTarget> }).metrics;
  if (typeof inner?.recordFeedback === 'function') return inner as FeedbackTarget;
  throw new TypeError(
    `rag-metrics: ragFeedbackHandler option "metrics" is ${quote(value)}; it must be a RagMetrics instance (createRagMetrics()) or the middleware ragMetrics() returned.`,
  );
}

function namesOption(
  option: string,
  value: readonly string[] | undefined,
): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((name) => typeof name === 'string' && name !== '')
  ) {
    throw new TypeError(
      `rag-metrics: ragFeedbackHandler option "${option}" is ${quote(value)}; it must be a non-empty array of non-empty strings.`,
    );
  }
  const reserved = value.find(isReservedLabelValue);
  if (reserved !== undefined) {
    throw new RangeError(
      `rag-metrics: ragFeedbackHandler option "${option}" holds ${quote(reserved)}, a label value the metrics reserve for themselves; remove it.`,
    );
  }
  return new Set(value);
}
