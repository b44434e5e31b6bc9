import { errorTypeOf } from './error-type';
import { QualityRecorder } from './quality-recorder';
import type { Feedback, GuardrailResult, RetrievalResult } from './quality-types';
import { recordedAnything, summarise } from './rag-summary';
import { readRateLimitHeaders } from './rate-limit-headers';
import { RecordedFacts, UNSET } from './recorded-facts';
import { observeFirstToken, observeRecorded } from './request-observations';
import { type StageSink, startStage, timeStage } from './stage-timing';
import type { ExemplarLabels } from './tracing/active-span';
import type {
  CacheResult,
  HeadersLike,
  RagContext,
  RagSummary,
  RateLimitReading,
  TokenUsage,
} from './types';
import { isModelName } from './usage/check-usage';
import { recordCost, recordTokens, type SpendTarget } from './usage/record-spend';
import { recordUsage } from './usage/record-usage';
import { trackStream } from './usage/track-stream';
import { isUnitScore } from './validation';

/** What a context needs from the instance that created it. */
export interface RecordingTarget extends SpendTarget {
  /** Drops a bad value: counts `invalid_value` and warns once per `kind`; callable unbound. */
  readonly rejectValue: (kind: string, value: unknown, allowed: string) => void;
  recordRateLimit(reading: RateLimitReading): void;
  recordRateLimitHit(provider: string): void;
  recordFeedback(feedback: Feedback): void;
}

const DEFAULT_CACHE_TYPE = 'default';
const MAX_EXEMPLAR_ID_LENGTH = 128 - 'request_id'.length;

/**
 * The per-request recorder behind `res.locals.rag` / `ctx.rag`: validates what a handler records
 * and accumulates it in its facts. It knows no HTTP framework; the adapters keep their own state.
 *
 * Counters without a route label (tokens, cost, cache, rate limits) are updated at once, so that
 * money spent is counted even if the handler throws or the client leaves. Everything labelled by
 * route, and the per-request histograms, are observed from the facts when the request is recorded
 * (`finish`), and straight away after it (request-observations.ts).
 */
export class RequestContext implements RagContext, StageSink {
  /** What was recorded, made on the first fact: a request that records nothing allocates 180 B less. */
  private recorded: RecordedFacts | undefined = undefined;
  /** The route label, once the request is recorded; later facts go straight to the metrics. */
  private route: string | undefined = undefined;
  /** Retrieval, evaluations, refusals and guardrails; created on first use. */
  private quality: QualityRecorder | undefined = undefined;
  /**
   * @internal `{ trace_id, span_id }` of the span active when the request arrived, which every
   * exemplar of the request carries; or `{ request_id }` once `requestIdFrom` has an id.
   */
  exemplar: ExemplarLabels | undefined = undefined;
  /** @internal The request whose `id` (set by `ragLogger()`) makes the exemplar when no span does. */
  requestIdFrom: { readonly id?: unknown } | undefined = undefined;

  constructor(
    /** The instance this context records into. */
    private readonly target: RecordingTarget,
    /** `performance.now()` when the request arrived. */
    readonly startedAt: number,
  ) {}

  /** @internal What was recorded; the metrics and the summary read it. */
  get facts(): RecordedFacts {
    this.recorded ??= new RecordedFacts(this.startedAt);
    return this.recorded;
  }

  recordTokens(usage: TokenUsage): void {
    recordTokens(usage, this.facts, this.target, this.reject, this.exemplarLabels, this.route);
  }

  recordCost(usd: number, model?: string): void {
    recordCost(usd, model, this.facts, this.target, this.reject, this.exemplarLabels, this.route);
  }

  recordCache(result: CacheResult): void {
    if (typeof result !== 'object' || result === null || typeof result.hit !== 'boolean') {
      return this.reject('recordCache', result, 'an object { hit: boolean, type?: string }');
    }
    const type = result.type === undefined ? DEFAULT_CACHE_TYPE : result.type;
    if (typeof type !== 'string') return this.reject('recordCache.type', type, 'a string');
    this.target.metrics.cacheRequests.get2(type, result.hit ? 'hit' : 'miss').value++;
    this.facts.addCacheLookup(type, result.hit);
  }

  recordRelevance(score: number): void {
    if (!isUnitScore(score)) return this.reject('recordRelevance', score, 'a number from 0 to 1');
    const { facts } = this;
    if (facts.relevanceScores === undefined) facts.relevanceScores = [score];
    else facts.relevanceScores.push(score);
    if (this.route !== undefined) this.target.metrics.relevance.get1(this.route).observe(score);
  }

  recordContextPrecision(score: number): void {
    if (!isUnitScore(score))
      return this.reject('recordContextPrecision', score, 'a number from 0 to 1');
    const { facts } = this;
    if (facts.precisionScores === undefined) facts.precisionScores = [score];
    else facts.precisionScores.push(score);
    if (this.route !== undefined)
      this.target.metrics.contextPrecision.get1(this.route).observe(score);
  }

  time<T>(stage: string, fn: () => T): T {
    return timeStage(this, stage, fn);
  }

  startStage(stage: string): () => number {
    return startStage(this, stage);
  }

  markFirstToken(): void {
    const { facts } = this;
    if (facts.explicitFirstTokenAt !== UNSET) return;
    facts.explicitFirstTokenAt = performance.now();
    if (this.route !== undefined) {
      observeFirstToken(this.target.metrics, facts, this.route, this.exemplarLabels);
    }
  }

  /**
   * @internal The first body write of a `text/event-stream` response: time to first token when
   * the handler marks none itself (an explicit mark, even a later one, wins).
   */
  markStreamStart(): void {
    if (this.facts.automaticFirstTokenAt === UNSET)
      this.facts.automaticFirstTokenAt = performance.now();
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
    this.facts.rateLimitHits++;
    this.target.recordRateLimitHit(provider);
  }

  recordUsage(response: unknown): void {
    recordUsage(response, this, this.target);
  }

  trackStream<T>(stream: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
    return trackStream(stream, this, this.target);
  }

  recordError(err: unknown): void {
    this.facts.errorType = errorTypeOf(err);
  }

  setModel(model: string): void {
    if (isModelName('setModel', model, this.reject)) this.facts.model = model;
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
    return this.recorded?.errorType;
  }

  /** @internal Whether anything at all was recorded on this context. */
  get recordedAnything(): boolean {
    return recordedAnything(this.recorded, this.quality);
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

  summary(): RagSummary {
    return summarise(this.facts, this.quality);
  }

  /** @internal Observes everything that waited for the route. Called once, when the request is recorded. */
  finish(route: string): void {
    if (this.route !== undefined) return;
    this.route = route;
    if (this.requestIdFrom !== undefined) {
      // Read for the last time (later facts reuse the exemplar): kept, the request would keep its
      // response through V8's young-generation collections on Express (`trackedResponses`).
      this.exemplar = this.exemplarLabels;
      this.requestIdFrom = undefined;
    }
    if (this.recorded !== undefined) {
      observeRecorded(this.target.metrics, this.recorded, route, this.exemplarLabels);
    }
    this.quality?.finish(route);
  }

  /**
   * Drops a bad value. The instance's own bound function, passed on to usage/check-usage.ts and
   * usage/record-spend.ts: a closure per context would cost every request an allocation.
   */
  private get reject(): RecordingTarget['rejectValue'] {
    return this.target.rejectValue;
  }

  /** @internal Records the stage begun at `started` (a `performance.now()`), and returns its seconds. */
  stopStage(stage: string, started: number): number {
    const seconds = (performance.now() - started) / 1000;
    if (typeof stage !== 'string' || stage === '') {
      this.reject('stage', stage, 'a non-empty string such as "retrieval"');
      return seconds;
    }
    this.facts.addStage(stage, seconds);
    const { route } = this;
    if (route !== undefined) this.target.metrics.stageDuration.get2(route, stage).observe(seconds);
    return seconds;
  }

  private qualityRecorder(): QualityRecorder {
    this.quality ??= new QualityRecorder(this.target, this.route);
    return this.quality;
  }
}
