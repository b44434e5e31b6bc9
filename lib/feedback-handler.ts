import type { IncomingMessage } from 'node:http';
import { type FeedbackAllowList, parseFeedback } from './feedback-body';
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
   * Route templates a client may name; any other answers 400. Without it any string is accepted,
   * and the label cap (`maxLabelValues`) bounds what a misbehaving client can add.
   * @example ['/ask', '/ask/stream']
   */
  readonly routes?: readonly string[];
  /** Model names a client may name; any other answers 400. */
  readonly models?: readonly string[];
}

/** What the handler answers: 204 when counted, 400 with a message saying what was wrong. */
export type FeedbackAnswer =
  | { readonly status: 204 }
  | { readonly status: 400; readonly body: { readonly error: string } };

/** Bodies are a rating and two short names; anything larger is not feedback. */
const MAX_BODY_BYTES = 4096;

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
  const body = parsed === undefined ? await readJson(req) : { ok: true as const, value: parsed };
  if (!body.ok) return badRequest(body.error);
  const result = parseFeedback(body.value, options);
  if (!result.ok) return badRequest(result.error);
  target.recordFeedback(result.feedback);
  return { status: 204 };
}

function badRequest(error: string): FeedbackAnswer {
  return { status: 400, body: { error } };
}

type JsonRead =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: string };

async function readJson(req: IncomingMessage): Promise<JsonRead> {
  // A body parser that declined the content type may have left the stream ended and empty.
  if (req.readableEnded) return { ok: true, value: undefined };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep draining so the connection stays usable, but stop keeping what is too large anyway.
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) {
    return {
      ok: false,
      error: `rag-metrics feedback: the body is ${size} bytes; at most ${MAX_BODY_BYTES} are accepted.`,
    };
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return {
      ok: false,
      error:
        'rag-metrics feedback: the body is not valid JSON; send {"rating":"positive"} with Content-Type: application/json.',
    };
  }
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
  return new Set(value);
}
