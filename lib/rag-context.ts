import { errorTypeOf } from './error-type';
import type { MetricSet } from './metric-set';
import type { PriceResolver } from './pricing/price-resolver';
import { QualityRecorder } from './quality-recorder';
import type { Feedback, GuardrailResult, RetrievalResult } from './quality-types';
import { readRateLimitHeaders } from './rate-limit-headers';
import type { ResponseDoneHandler } from './response-lifecycle';
import type { ExemplarLabels } from './tracing/active-span';
import type {
  CacheResult,
  HeadersLike,
  PlainRagRecord,
  RagContext,
  RagSummary,
  RateLimitReading,
  TokenUsage,
} from './types';
import { recordUsage } from './usage/record-usage';
import { trackStream } from './usage/track-stream';
import {
  isNonEmptyString,
  isNonNegativeNumber,
  isTokenCount,
  isUnitScore,
  MAX_TOKENS_PER_CALL,
} from './validation';

/** What a context needs from the instance that created it. */
export interface RecordingTarget {
  readonly metrics: MetricSet;
  readonly prices: PriceResolver;
  /** Drops a bad value: counts `invalid_value` and warns once per `kind`. */
  rejectValue(kind: string, value: unknown, allowed: string): void;
  recordRateLimit(reading: RateLimitReading): void;
  recordRateLimitHit(provider: string): void;
  recordFeedback(feedback: Feedback): void;
}

/** Tokens and cost one model used in one request. */
interface ModelUsage {
  readonly model: string;
  input: number;
  output: number;
  cachedInput: number;
  costUsd: number;
}

const DEFAULT_MODEL = 'unknown';
const DEFAULT_CACHE_TYPE = 'default';
const UNSET = -1;
const MAX_EXEMPLAR_ID_LENGTH = 128 - 'request_id'.length;

/**
 * The per-request recorder behind `res.locals.rag` / `ctx.rag`.
 *
 * Counters without a route label (tokens, cost, cache, rate limits) are updated at once, so that
 * money spent is counted even if the handler throws or the client leaves. Observations labelled by
 * route wait for `finish()`, when the route is known; the per-request histograms are observed there too.
 */
export class RequestContext implements RagContext {
  private model: string | undefined = undefined;
  private errorType: string | undefined = undefined;
  private firstTokenAt = UNSET;
  private usage: ModelUsage[] | undefined = undefined;
  private stageNames: string[] | undefined = undefined;
  private stageSeconds: number[] | undefined = undefined;
  private relevanceScores: number[] | undefined = undefined;
  private precisionScores: number[] | undefined = undefined;
  /** Retrieval, evaluations, refusals and guardrails; created on first use. */
  private quality: QualityRecorder | undefined = undefined;
  private cacheHits = 0;
  private cacheMisses = 0;
  private cacheTypes: string[] | undefined = undefined;
  private rateLimitHits = 0;
  /** Set by `finish()`; later observations go straight to this route. */
  private route: string | undefined = undefined;
  /**
   * @internal What the adapter does when the response is done (record the request), and what
   * `ragLogger()` does right after (write the line). One function per middleware instance, kept
   * here so that a request allocates no listener or closure of its own (response-lifecycle.ts).
   */
  whenDone: ResponseDoneHandler | undefined = undefined;
  /** @internal See `whenDone`. */
  afterDone: ResponseDoneHandler | undefined = undefined;
  /** @internal The framework's own context of the request (Koa's `ctx`), for `whenDone`. */
  source: unknown = undefined;
  /**
   * @internal The route Express dispatched the request to, and its mount path at that moment
   * (adapters/express-route.ts): kept here, when there is a context, rather than in a WeakMap entry
   * per request.
   */
  dispatchedRoute: { path?: unknown } | undefined = undefined;
  /** @internal See `dispatchedRoute`. */
  dispatchedMountPath: string | undefined = undefined;
  /**
   * @internal Status the framework answers an error thrown past the middleware with (Koa), which
   * is the one recorded even if a later handler changes `res.statusCode`; 0 when none was thrown.
   */
  thrownStatus = 0;
  /**
   * @internal `{ trace_id, span_id }` of the span active when the request arrived, which every
   * exemplar of the request carries; or `{ request_id }` once `requestIdFrom` has an id.
   */
  exemplar: ExemplarLabels | undefined = undefined;
  /** @internal The request whose `id` (set by `ragLogger()`) makes the exemplar when no span does. */
  requestIdFrom: { readonly id?: unknown } | undefined = undefined;

  constructor(
    /** @internal the instance this context records into; the request logger reads its service name. */
    readonly target: RecordingTarget,
    /** `performance.now()` when the request arrived. */
    readonly startedAt: number,
  ) {}

  recordTokens(usage: TokenUsage): void {
    if (typeof usage !== 'object' || usage === null) {
      return this.target.rejectValue(
        'recordTokens',
        usage,
        'an object { model?, input?, output?, cachedInput? }',
      );
    }
    const model = usage.model === undefined ? this.currentModel() : usage.model;
    const input = usage.input ?? 0;
    const output = usage.output ?? 0;
    const cachedInput = usage.cachedInput ?? 0;
    const cacheWrite = usage.cacheWrite ?? 0;
    if (!this.validModel('recordTokens.model', model)) return;
    if (!this.validCount('recordTokens.input', input)) return;
    if (!this.validCount('recordTokens.output', output)) return;
    if (!this.validCount('recordTokens.cachedInput', cachedInput)) return;
    if (!this.validCount('recordTokens.cacheWrite', cacheWrite)) return;
    if (cachedInput > input) {
      return this.target.rejectValue(
        'recordTokens.cachedInput',
        cachedInput,
        `at most input (${input}): cached input tokens are part of input tokens`,
      );
    }
    if (cachedInput + cacheWrite > input) {
      return this.target.rejectValue(
        'recordTokens.cacheWrite',
        cacheWrite,
        `at most input - cachedInput (${input - cachedInput}): cache-write tokens are part of input tokens`,
      );
    }
    if (usage.provider !== undefined && !isNonEmptyString(usage.provider)) {
      return this.target.rejectValue(
        'recordTokens.provider',
        usage.provider,
        'a provider name such as "openai"',
      );
    }
    if (usage.costUsd !== undefined && !isNonNegativeNumber(usage.costUsd)) {
      return this.target.rejectValue(
        'recordTokens.costUsd',
        usage.costUsd,
        'a finite number ≥ 0 (USD)',
      );
    }
    // `usage` itself, validated above, rather than a copy of its counts: one object less per call.
    const costUsd = usage.costUsd ?? this.target.prices.costOf(usage, model);
    // Checked before anything is counted, so that tokens are never counted without their cost.
    if (!Number.isFinite(costUsd)) {
      return this.target.rejectValue('recordTokens.cost', costUsd, 'a finite cost (check pricing)');
    }
    this.model = model;
    const { tokens, cost } = this.target.metrics;
    if (input > 0) tokens.get2(model, 'input').add(input);
    if (output > 0) tokens.get2(model, 'output').add(output);
    if (cachedInput > 0) tokens.get2(model, 'cached_input').add(cachedInput);
    cost.get1(model).add(costUsd, this.exemplarLabels);
    const totals = this.usageOf(model);
    totals.input += input;
    totals.output += output;
    totals.cachedInput += cachedInput;
    totals.costUsd += costUsd;
  }

  recordCost(usd: number, model?: string): void {
    if (!isNonNegativeNumber(usd))
      return this.target.rejectValue('recordCost', usd, 'a finite number ≥ 0 (USD)');
    const resolvedModel = model === undefined ? this.currentModel() : model;
    if (!this.validModel('recordCost.model', resolvedModel)) return;
    this.target.metrics.cost.get1(resolvedModel).add(usd, this.exemplarLabels);
    this.usageOf(resolvedModel).costUsd += usd;
  }

  recordCache(result: CacheResult): void {
    if (typeof result !== 'object' || result === null || typeof result.hit !== 'boolean') {
      return this.target.rejectValue(
        'recordCache',
        result,
        'an object { hit: boolean, type?: string }',
      );
    }
    const type = result.type === undefined ? DEFAULT_CACHE_TYPE : result.type;
    if (typeof type !== 'string')
      return this.target.rejectValue('recordCache.type', type, 'a string');
    this.target.metrics.cacheRequests.get2(type, result.hit ? 'hit' : 'miss').value++;
    if (result.hit) this.cacheHits++;
    else this.cacheMisses++;
    if (this.cacheTypes === undefined) this.cacheTypes = [type];
    else if (!this.cacheTypes.includes(type)) this.cacheTypes.push(type);
  }

  recordRelevance(score: number): void {
    if (!isUnitScore(score))
      return this.target.rejectValue('recordRelevance', score, 'a number from 0 to 1');
    // A one-element literal, not `[]` then push, which would allocate room for 16 more.
    if (this.relevanceScores === undefined) this.relevanceScores = [score];
    else this.relevanceScores.push(score);
    if (this.route !== undefined) this.target.metrics.relevance.get1(this.route).observe(score);
  }

  recordContextPrecision(score: number): void {
    if (!isUnitScore(score))
      return this.target.rejectValue('recordContextPrecision', score, 'a number from 0 to 1');
    if (this.precisionScores === undefined) this.precisionScores = [score];
    else this.precisionScores.push(score);
    if (this.route !== undefined)
      this.target.metrics.contextPrecision.get1(this.route).observe(score);
  }

  time<T>(stage: string, fn: () => T): T {
    // No stop closure as in startStage(): a synchronous stage allocates nothing here.
    const started = performance.now();
    let result: T;
    try {
      result = fn();
    } catch (err) {
      this.stopStage(stage, started);
      throw err;
    }
    if (isPromiseLike(result)) {
      return result.then(
        (value) => {
          this.stopStage(stage, started);
          return value;
        },
        (err: unknown) => {
          this.stopStage(stage, started);
          throw err;
        },
      ) as T;
    }
    this.stopStage(stage, started);
    return result;
  }

  startStage(stage: string): () => number {
    const started = performance.now();
    let stopped = false;
    return () => {
      if (stopped) return (performance.now() - started) / 1000;
      stopped = true;
      return this.stopStage(stage, started);
    };
  }

  markFirstToken(): void {
    if (this.firstTokenAt !== UNSET) return;
    this.firstTokenAt = performance.now();
    if (this.route !== undefined) this.observeTimeToFirstToken(this.route);
  }

  recordRateLimit(reading: RateLimitReading): void {
    this.target.recordRateLimit(reading);
  }

  recordRateLimitHeaders(provider: string, headers: HeadersLike): void {
    for (const { limit, remaining } of readRateLimitHeaders(headers)) {
      this.target.recordRateLimit({ provider, limit, remaining: remaining as number });
    }
  }

  recordRateLimitHit(provider: string): void {
    this.rateLimitHits++;
    this.target.recordRateLimitHit(provider);
  }

  recordUsage(response: unknown): void {
    recordUsage(response, this, this.target);
  }

  trackStream<T>(stream: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
    return trackStream(stream, this, this.target);
  }

  recordError(err: unknown): void {
    this.errorType = errorTypeOf(err);
  }

  setModel(model: string): void {
    if (this.validModel('setModel', model)) this.model = model;
  }

  recordRetrieval(result: RetrievalResult): void {
    this.qualityRecorder().recordRetrieval(result);
  }

  recordEvaluation(name: string, score: number): void {
    this.qualityRecorder().recordEvaluation(name, score);
  }

  recordRefusal(reason?: string): void {
    this.qualityRecorder().recordRefusal(reason);
  }

  recordGuardrail(result: GuardrailResult): void {
    this.qualityRecorder().recordGuardrail(result);
  }

  /** @internal Feedback for the instance behind this request; the feedback handlers call it. */
  recordFeedback(feedback: Feedback): void {
    this.target.recordFeedback(feedback);
  }

  /** The error type recorded for this request, if any. */
  get recordedErrorType(): string | undefined {
    return this.errorType;
  }

  /** @internal Whether anything at all was recorded on this context (the log line leaves `rag` out if not). */
  get recordedAnything(): boolean {
    return (
      this.model !== undefined ||
      this.errorType !== undefined ||
      this.firstTokenAt !== UNSET ||
      this.usage !== undefined ||
      this.stageNames !== undefined ||
      this.relevanceScores !== undefined ||
      this.precisionScores !== undefined ||
      this.quality !== undefined ||
      this.cacheHits + this.cacheMisses + this.rateLimitHits > 0
    );
  }

  /** @internal The labels this request's exemplars carry, if it has any. */
  get exemplarLabels(): ExemplarLabels | undefined {
    if (this.exemplar === undefined && this.requestIdFrom !== undefined) {
      const id = this.requestIdFrom.id;
      // OpenMetrics caps an exemplar's labels at 128 characters, names included.
      if (typeof id === 'string' && id !== '' && id.length <= MAX_EXEMPLAR_ID_LENGTH) {
        this.exemplar = { request_id: id };
      }
    }
    return this.exemplar;
  }

  /** @internal The route label the request was recorded with; `undefined` until it is. */
  get recordedRoute(): string | undefined {
    return this.route;
  }

  summary(): RagSummary {
    const tokens = { input: 0, output: 0, cachedInput: 0 };
    let costUsd = 0;
    for (const totals of this.usage ?? []) {
      tokens.input += totals.input;
      tokens.output += totals.output;
      tokens.cachedInput += totals.cachedInput;
      costUsd += totals.costUsd;
    }
    const stagesMs: Record<string, number> = {};
    this.stageNames?.forEach((stage, i) => {
      stagesMs[stage] = (stagesMs[stage] ?? 0) + (this.stageSeconds?.[i] ?? 0) * 1000;
    });
    return {
      model: this.model,
      tokens,
      costUsd,
      cache: {
        hits: this.cacheHits,
        misses: this.cacheMisses,
        types: [...(this.cacheTypes ?? [])],
      },
      relevance: this.relevanceScores?.at(-1),
      contextPrecision: this.precisionScores?.at(-1),
      stagesMs,
      timeToFirstTokenMs:
        this.firstTokenAt === UNSET ? undefined : this.firstTokenAt - this.startedAt,
      errorType: this.errorType,
      rateLimitHits: this.rateLimitHits,
      ...this.quality?.summary(),
    };
  }

  /**
   * Reads what a handler left in `res.locals.rag` / `ctx.state.rag`: nothing to do when it is this
   * context or was never set; otherwise the plain-object form, assigned instead of calling methods.
   */
  applyPlainRecord(value: unknown): void {
    if (value === undefined || value === this) return;
    const record = value as PlainRagRecord;
    if (typeof record !== 'object' || record === null) {
      return this.target.rejectValue('plain rag record', record, 'a RagContext or a plain object');
    }
    if (record.model !== undefined) this.setModel(record.model);
    if (record.tokens !== undefined) {
      this.recordTokens({ ...record.tokens, model: record.model, costUsd: record.costUsd });
    } else if (record.costUsd !== undefined) {
      this.recordCost(record.costUsd, record.model);
    }
    if (record.cache !== undefined) this.recordCache(record.cache);
    if (record.relevance !== undefined) this.recordRelevance(record.relevance);
    if (record.contextPrecision !== undefined) this.recordContextPrecision(record.contextPrecision);
  }

  /** Observes everything that waited for the route. Called once, when the request is recorded. */
  finish(route: string): void {
    if (this.route !== undefined) return;
    this.route = route;
    const { metrics } = this.target;
    const { stageNames, stageSeconds } = this;
    if (stageNames !== undefined && stageSeconds !== undefined) {
      for (let i = 0; i < stageNames.length; i++) {
        metrics.stageDuration
          .get2(route, stageNames[i] as string)
          .observe(stageSeconds[i] as number);
      }
    }
    if (this.relevanceScores !== undefined) {
      for (const score of this.relevanceScores) metrics.relevance.get1(route).observe(score);
    }
    if (this.precisionScores !== undefined) {
      for (const score of this.precisionScores) metrics.contextPrecision.get1(route).observe(score);
    }
    this.quality?.finish(route);
    if (this.firstTokenAt !== UNSET) this.observeTimeToFirstToken(route);
    if (this.usage !== undefined) {
      for (const totals of this.usage) {
        if (totals.input > 0)
          metrics.requestTokens.get2(totals.model, 'input').observe(totals.input);
        if (totals.output > 0)
          metrics.requestTokens.get2(totals.model, 'output').observe(totals.output);
        if (totals.cachedInput > 0) {
          metrics.requestTokens.get2(totals.model, 'cached_input').observe(totals.cachedInput);
        }
        metrics.requestCost.get1(totals.model).observe(totals.costUsd, this.exemplarLabels);
      }
    }
  }

  /** Records the stage begun at `started` (a `performance.now()`), and returns its seconds. */
  private stopStage(stage: string, started: number): number {
    const seconds = (performance.now() - started) / 1000;
    this.recordStage(stage, seconds);
    return seconds;
  }

  private recordStage(stage: string, seconds: number): void {
    if (typeof stage !== 'string' || stage === '') {
      return this.target.rejectValue('stage', stage, 'a non-empty string such as "retrieval"');
    }
    if (this.stageNames === undefined || this.stageSeconds === undefined) {
      this.stageNames = [stage];
      this.stageSeconds = [seconds];
    } else {
      this.stageNames.push(stage);
      this.stageSeconds.push(seconds);
    }
    if (this.route !== undefined)
      this.target.metrics.stageDuration.get2(this.route, stage).observe(seconds);
  }

  private observeTimeToFirstToken(route: string): void {
    const seconds = (this.firstTokenAt - this.startedAt) / 1000;
    this.target.metrics.timeToFirstToken
      .get2(route, this.currentModel())
      .observe(seconds, this.exemplarLabels);
  }

  private qualityRecorder(): QualityRecorder {
    this.quality ??= new QualityRecorder(this.target, this.route);
    return this.quality;
  }

  private currentModel(): string {
    return this.model ?? DEFAULT_MODEL;
  }

  private usageOf(model: string): ModelUsage {
    if (this.usage !== undefined) {
      for (const known of this.usage) if (known.model === model) return known;
    }
    const totals: ModelUsage = { model, input: 0, output: 0, cachedInput: 0, costUsd: 0 };
    if (this.usage === undefined) this.usage = [totals];
    else this.usage.push(totals);
    return totals;
  }

  private validModel(kind: string, model: unknown): model is string {
    if (typeof model === 'string' && model !== '') return true;
    this.target.rejectValue(kind, model, 'a non-empty model name');
    return false;
  }

  private validCount(kind: string, value: unknown): value is number {
    if (isTokenCount(value)) return true;
    this.target.rejectValue(
      kind,
      value,
      `a number from 0 to ${MAX_TOKENS_PER_CALL} (tokens per call)`,
    );
    return false;
  }
}

function isPromiseLike<T>(value: T): value is T & PromiseLike<Awaited<T>> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
