/** Tokens and cost one model used in one request, and which of them the per-request histograms hold. */
export interface ModelUsage {
  readonly model: string;
  input: number;
  output: number;
  cachedInput: number;
  costUsd: number;
  /** Set once `rag_request_tokens` / `rag_request_cost_usd` observed this model for the request. */
  observed: boolean;
}

/** `performance.now()` not taken yet. */
export const UNSET = -1;

/**
 * What one request recorded, as plain data: the recorder (`RequestContext`) validates and writes
 * it, the metrics (`request-observations.ts`) and `summary()` read it. Arrays are created on first
 * use, one-element literals rather than `[]` then push, so that a request recording nothing
 * allocates nothing.
 */
export class RecordedFacts {
  model: string | undefined = undefined;
  errorType: string | undefined = undefined;
  /** `markFirstToken()` or `trackStream()`'s first content chunk. */
  explicitFirstTokenAt = UNSET;
  /** The first body write of a `text/event-stream` response. */
  automaticFirstTokenAt = UNSET;
  /** Whether `rag_time_to_first_token_seconds` observed this request. */
  firstTokenObserved = false;
  usage: ModelUsage[] | undefined = undefined;
  stageNames: string[] | undefined = undefined;
  stageSeconds: number[] | undefined = undefined;
  relevanceScores: number[] | undefined = undefined;
  precisionScores: number[] | undefined = undefined;
  cacheHits = 0;
  cacheMisses = 0;
  cacheTypes: string[] | undefined = undefined;
  rateLimitHits = 0;
  constructor(
    /** `performance.now()` when the request arrived. */
    readonly startedAt: number,
  ) {}

  /** An explicit mark wins over the automatic one, whenever it came during the request. */
  get firstTokenAt(): number {
    return this.explicitFirstTokenAt !== UNSET
      ? this.explicitFirstTokenAt
      : this.automaticFirstTokenAt;
  }

  get currentModel(): string {
    return this.model ?? DEFAULT_MODEL;
  }

  usageOf(model: string): ModelUsage {
    if (this.usage !== undefined) {
      for (const known of this.usage) if (known.model === model) return known;
    }
    const totals: ModelUsage = {
      model,
      input: 0,
      output: 0,
      cachedInput: 0,
      costUsd: 0,
      observed: false,
    };
    if (this.usage === undefined) this.usage = [totals];
    else this.usage.push(totals);
    return totals;
  }

  addCacheLookup(type: string, hit: boolean): void {
    if (hit) this.cacheHits++;
    else this.cacheMisses++;
    if (this.cacheTypes === undefined) this.cacheTypes = [type];
    else if (!this.cacheTypes.includes(type)) this.cacheTypes.push(type);
  }

  addStage(stage: string, seconds: number): void {
    if (this.stageNames === undefined || this.stageSeconds === undefined) {
      this.stageNames = [stage];
      this.stageSeconds = [seconds];
    } else {
      this.stageNames.push(stage);
      this.stageSeconds.push(seconds);
    }
  }
}

/** Model label of facts recorded before any model was named. */
export const DEFAULT_MODEL = 'unknown';
