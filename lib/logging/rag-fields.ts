import type { GuardrailResult } from '../quality-types';
import type { RagSummary } from '../types';

/** The completion line's `rag` object: what the handler recorded, in the line's snake_case. */
export interface LoggedRag {
  readonly model: string | undefined;
  readonly tokens: {
    readonly input: number;
    readonly output: number;
    readonly cached_input: number;
  };
  readonly cost_usd: number;
  readonly cache:
    | { readonly hits: number; readonly misses: number; readonly types: string[] }
    | undefined;
  readonly relevance: number | undefined;
  readonly context_precision: number | undefined;
  readonly stages_ms: Record<string, number> | undefined;
  readonly time_to_first_token_ms: number | undefined;
  readonly error_type: string | undefined;
  readonly rate_limit_hits: number;
  readonly retrieval:
    | {
        readonly queries: number;
        readonly documents: number;
        readonly empty: number;
        readonly top_score: number | undefined;
      }
    | undefined;
  readonly evaluations: Record<string, number> | undefined;
  readonly refusals: string[] | undefined;
  readonly guardrails: GuardrailResult[] | undefined;
}

/** Milliseconds to the microsecond: finer digits are noise that only lengthens the line. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Fields left `undefined` are left out of the JSON line (answer-quality ones unless recorded). */
export function ragFields(summary: RagSummary): LoggedRag {
  const stages = summary.stagesMs;
  const stageNames = Object.keys(stages);
  for (const stage of stageNames) stages[stage] = roundMs(stages[stage] as number);
  const cache = summary.cache;
  const ttft = summary.timeToFirstTokenMs;
  const retrieval = summary.retrieval;
  return {
    model: summary.model,
    tokens: {
      input: summary.tokens.input,
      output: summary.tokens.output,
      cached_input: summary.tokens.cachedInput,
    },
    cost_usd: summary.costUsd,
    // Empty ones are left out, as the docs say of every field not recorded.
    cache: cache.hits + cache.misses === 0 ? undefined : cache,
    relevance: summary.relevance,
    context_precision: summary.contextPrecision,
    stages_ms: stageNames.length === 0 ? undefined : stages,
    time_to_first_token_ms: ttft === undefined ? undefined : roundMs(ttft),
    error_type: summary.errorType,
    rate_limit_hits: summary.rateLimitHits,
    retrieval:
      retrieval === undefined
        ? undefined
        : {
            queries: retrieval.queries,
            documents: retrieval.documents,
            empty: retrieval.empty,
            top_score: retrieval.topScore,
          },
    evaluations: summary.evaluations,
    refusals: summary.refusals,
    guardrails: summary.guardrails,
  };
}
