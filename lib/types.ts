import type { IncomingMessage } from 'node:http';
import type { GuardrailResult, RetrievalResult, RetrievalSummary } from './quality-types';

/** Token kinds, as they appear in the `type` label of `rag_tokens_total` and `rag_request_tokens`. */
export type TokenType = 'input' | 'output' | 'cached_input';

/**
 * Tokens one LLM call used.
 *
 * `input` is every prompt token the provider billed, cached or not; `cachedInput` is the part of
 * `input` that was served from the provider's prompt cache and is priced at the cached rate.
 * So `cachedInput <= input` always holds.
 */
export interface TokenUsage {
  /** Model name as the provider reports it; dated snapshots (`gpt-4o-2024-08-06`) resolve to their model. */
  readonly model?: string | undefined;
  /**
   * The provider the call went to, as the price catalogue names it (`openai`, `anthropic`, `google`,
   * `mistral`, `deepseek`, `x-ai`, …): settles model names several providers serve. `recordUsage`
   * sets it for the responses it recognises.
   */
  readonly provider?: string | undefined;
  readonly input?: number | undefined;
  readonly output?: number | undefined;
  readonly cachedInput?: number | undefined;
  /**
   * The part of `input` written to the provider's prompt cache (Anthropic's
   * `cache_creation_input_tokens`), priced at the model's `cacheWrite` rate. It is counted as
   * `input` in the metrics; only the cost differs. `cachedInput + cacheWrite <= input`.
   */
  readonly cacheWrite?: number | undefined;
  /** An exact cost in USD for this call; wins over the `pricing` option and the price catalogue. */
  readonly costUsd?: number | undefined;
}

/** One cache lookup's result. */
export interface CacheResult {
  readonly hit: boolean;
  /** A bounded name for the cache, e.g. `semantic`, `exact`, `embedding`. Default `default`. */
  readonly type?: string | undefined;
}

/** Which provider quota a rate-limit reading is about. */
export type RateLimitKind = 'requests' | 'tokens';

/** Remaining provider quota, as read from response headers or an SDK. */
export interface RateLimitReading {
  readonly provider: string;
  readonly remaining: number;
  /** Default `requests`. */
  readonly limit?: RateLimitKind | undefined;
}

/**
 * Anything headers can come in: WHATWG `Headers`, a Node headers object, a response carrying either
 * (`.asResponse()`), or an SDK's `{ data, response }` (`.withResponse()`).
 */
export type HeadersLike =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | number | undefined>>
  | { readonly headers: unknown }
  | { readonly response: unknown };

/**
 * The plain object a handler may put on `res.locals.rag` (Express) or `ctx.state.rag` (Koa)
 * instead of calling `RagContext` methods. It is read once, when the response finishes.
 */
export interface PlainRagRecord {
  readonly model?: string;
  readonly tokens?: {
    readonly input?: number;
    readonly output?: number;
    readonly cachedInput?: number;
  };
  readonly costUsd?: number;
  readonly cache?: CacheResult;
  readonly relevance?: number;
  readonly contextPrecision?: number;
}

/** Everything one request recorded, as a plain object (the request log's `rag` field reads it). */
export interface RagSummary {
  /** The request's model: the last one set with `setModel` or recorded with tokens. */
  model: string | undefined;
  tokens: { input: number; output: number; cachedInput: number };
  costUsd: number;
  cache: { hits: number; misses: number; types: string[] };
  /** The last relevance score recorded, if any. */
  relevance: number | undefined;
  /** The last context-precision score recorded, if any. */
  contextPrecision: number | undefined;
  /** Milliseconds spent in each stage; a stage timed twice adds up. */
  stagesMs: Record<string, number>;
  /** Milliseconds from the start of the request to the first token, if one was marked. */
  timeToFirstTokenMs: number | undefined;
  /** The error class recorded with `recordError`, if any. */
  errorType: string | undefined;
  rateLimitHits: number;
  /** Retrieval totals, if any retrieval was recorded. */
  retrieval?: RetrievalSummary | undefined;
  /** The last score of each evaluation metric recorded, if any. */
  evaluations?: Record<string, number> | undefined;
  /** The reason of each refusal recorded, in order, if any. */
  refusals?: string[] | undefined;
  /** Each guardrail decision recorded, in order, if any. */
  guardrails?: GuardrailResult[] | undefined;
}

/** The per-request recorder: `res.locals.rag` on Express, `ctx.rag` on Koa, the argument of `monitor()`. */
export interface RagContext {
  /** Adds tokens (and their cost, from the price catalogue unless `costUsd` is given). Callable many times. */
  recordTokens(usage: TokenUsage): void;
  /** Adds a cost in USD that is not tied to tokens (embeddings billed per call, reranking, …). */
  recordCost(usd: number, model?: string): void;
  recordCache(result: CacheResult): void;
  /** A relevance score in 0..1 for this request's answer. */
  recordRelevance(score: number): void;
  /** The share (0..1) of retrieved passages the answer actually used. */
  recordContextPrecision(score: number): void;
  /** Times `fn` as `stage`, sync or async; records even when it throws, rethrows, and returns its result. */
  time<T>(stage: string, fn: () => T): T;
  /** Starts timing `stage`; the returned function stops it (once) and returns the seconds it took. */
  startStage(stage: string): () => number;
  /** Marks time to first token now (only the first mark of a request counts). */
  markFirstToken(): void;
  recordRateLimit(reading: RateLimitReading): void;
  /** Reads OpenAI `x-ratelimit-remaining-*` and Anthropic `anthropic-ratelimit-*-remaining` headers. */
  recordRateLimitHeaders(provider: string, headers: HeadersLike): void;
  /** Counts a 429 (or equivalent) from `provider`. */
  recordRateLimitHit(provider: string): void;
  /**
   * Records model, tokens and cost from an LLM client's response: OpenAI Chat Completions and
   * Responses, Anthropic Messages, Gemini, Mistral, the Vercel AI SDK, a LangChain message, or an
   * SDK's `{ data, response }`. An unrecognised shape records nothing and counts `invalid_value`.
   */
  recordUsage(response: unknown): void;
  /**
   * Wraps a streaming response: yields every chunk unchanged, marks the first token at the first
   * content chunk, and records usage from the final chunk or events (or what it saw, if the
   * consumer stopped early).
   */
  trackStream<T>(stream: AsyncIterable<T>): AsyncGenerator<T, void, undefined>;
  /** Labels this request's error with the error's class name (`error_type`). */
  recordError(err: unknown): void;
  setModel(model: string): void;
  /** Documents one retrieval returned (0 counts as empty), its top score in 0..1, and its source. */
  recordRetrieval(result: RetrievalResult): void;
  /** A score in 0..1 from an evaluator, e.g. `recordEvaluation('faithfulness', 0.9)`. */
  recordEvaluation(name: string, score: number): void;
  /** An answer where the model declined or said "I don't know". @param reason default `declined` */
  recordRefusal(reason?: string): void;
  /** What an input or output guardrail did: `blocked`, `flagged` or `passed`. */
  recordGuardrail(result: GuardrailResult): void;
  summary(): RagSummary;
}

/** USD per 1M tokens. `cachedInput` defaults to `input`. */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  readonly cachedInput?: number;
  /** Price of writing the provider's prompt cache (Anthropic), per 1M tokens. */
  readonly cacheWrite?: number;
}

/**
 * A recorded value that was dropped, a label value that was replaced, (`public_endpoint`) a
 * production app serving its metrics to anyone, or (`metrics_replaced`) an instance whose metrics
 * replaced another instance's in the same `registry`.
 */
export interface RagMetricsWarning {
  readonly reason:
    | 'invalid_value'
    | 'label_overflow'
    | 'series_overflow'
    | 'listener_error'
    | 'public_endpoint'
    | 'fallback_price'
    | 'metrics_replaced';
  /**
   * What was being recorded, e.g. `recordTokens.input` or `label:route`; for `fallback_price`, the
   * model; for `metrics_replaced`, `registry`.
   */
  readonly kind: string;
  readonly message: string;
}

export type MetricsAuthorizer = (req: IncomingMessage) => boolean;
