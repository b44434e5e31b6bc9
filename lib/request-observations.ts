import type { MetricSet } from './metric-set';
import type { ModelUsage, RecordedFacts } from './recorded-facts';
import { UNSET } from './recorded-facts';
import type { ExemplarLabels } from './tracing/active-span';

/**
 * Observes what a request recorded that waited for its route, and the per-request histograms,
 * once, when the request is recorded. Facts recorded later go straight to the metrics through the
 * `observeLate*` functions, so that every family agrees with the counters however late they come.
 * `exemplar`: the request's exemplar labels (trace or request id), if it has any.
 */
export function observeRecorded(
  metrics: MetricSet,
  facts: RecordedFacts,
  route: string,
  exemplar?: ExemplarLabels,
): void {
  const { stageNames, stageSeconds } = facts;
  if (stageNames !== undefined && stageSeconds !== undefined) {
    // A plain loop: a forEach closure cost about half a microsecond per request.
    for (let i = 0; i < stageNames.length; i++) {
      metrics.stageDuration.get2(route, stageNames[i] as string).observe(stageSeconds[i] as number);
    }
  }
  if (facts.relevanceScores !== undefined) {
    for (const score of facts.relevanceScores) metrics.relevance.get1(route).observe(score);
  }
  if (facts.precisionScores !== undefined) {
    for (const score of facts.precisionScores) metrics.contextPrecision.get1(route).observe(score);
  }
  if (facts.firstTokenAt !== UNSET) observeFirstToken(metrics, facts, route, exemplar);
  if (facts.usage !== undefined) {
    for (const totals of facts.usage) observeUsage(metrics, totals, exemplar);
  }
}

/** `rag_time_to_first_token_seconds`, once per request. */
export function observeFirstToken(
  metrics: MetricSet,
  facts: RecordedFacts,
  route: string,
  exemplar?: ExemplarLabels,
): void {
  if (facts.firstTokenObserved) return;
  facts.firstTokenObserved = true;
  const seconds = (facts.firstTokenAt - facts.startedAt) / 1000;
  metrics.timeToFirstToken.get2(route, facts.currentModel).observe(seconds, exemplar);
}

/** One observation per request and model in `rag_request_tokens` and `rag_request_cost_usd`. */
function observeUsage(
  metrics: MetricSet,
  totals: ModelUsage,
  exemplar: ExemplarLabels | undefined,
): void {
  totals.observed = true;
  const { model } = totals;
  if (totals.input > 0) metrics.requestTokens.get2(model, 'input').observe(totals.input);
  if (totals.output > 0) metrics.requestTokens.get2(model, 'output').observe(totals.output);
  if (totals.cachedInput > 0) {
    metrics.requestTokens.get2(model, 'cached_input').observe(totals.cachedInput);
  }
  metrics.requestCost.get1(model).observe(totals.costUsd, exemplar);
}

/** Amounts one `recordTokens`/`recordCost` call added to a model's totals. */
export interface UsageDelta {
  readonly input: number;
  readonly output: number;
  readonly cachedInput: number;
  readonly costUsd: number;
}

/**
 * Usage recorded after the request was (a client that went away while the handler kept reading
 * the LLM stream). A model, or a token type, the request had not observed yet is observed now;
 * amounts added to one already observed go to that observation's `_sum` only. Moving the
 * observation to a higher bucket would lower a cumulative bucket count, which Prometheus reads as
 * a counter reset; so `_sum` and `_count` stay exact and the bucket holds the amount at close.
 */
export function observeLateUsage(
  metrics: MetricSet,
  totals: ModelUsage,
  delta: UsageDelta,
  exemplar?: ExemplarLabels,
): void {
  if (!totals.observed) return observeUsage(metrics, totals, exemplar);
  const { model } = totals;
  lateTokens(metrics, model, 'input', totals.input, delta.input);
  lateTokens(metrics, model, 'output', totals.output, delta.output);
  lateTokens(metrics, model, 'cached_input', totals.cachedInput, delta.cachedInput);
  if (delta.costUsd > 0) metrics.requestCost.get1(model).addToSum(delta.costUsd);
}

function lateTokens(
  metrics: MetricSet,
  model: string,
  type: string,
  total: number,
  added: number,
): void {
  if (added <= 0) return;
  const series = metrics.requestTokens.get2(model, type);
  if (total === added) series.observe(total);
  else series.addToSum(added);
}
