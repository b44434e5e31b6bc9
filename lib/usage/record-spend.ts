import type { MetricSet } from '../metric-set';
import type { PriceResolver } from '../pricing/price-resolver';
import type { RecordedFacts } from '../recorded-facts';
import { observeLateUsage } from '../request-observations';
import type { ExemplarLabels } from '../tracing/active-span';
import type { TokenUsage } from '../types';
import { isNonNegativeNumber } from '../validation';
import { isModelName, isValidUsage, type RejectValue } from './check-usage';

/** What recording spend needs from the instance behind a request. */
export interface SpendTarget {
  readonly metrics: MetricSet;
  readonly prices: PriceResolver;
}

/**
 * `rag.recordTokens(usage)`: counts the tokens and their cost at once (money spent is counted even
 * if the handler throws or the client leaves) and adds them to the request's facts.
 */
export function recordTokens(
  usage: TokenUsage,
  facts: RecordedFacts,
  target: SpendTarget,
  reject: RejectValue,
  exemplar: ExemplarLabels | undefined,
  route: string | undefined,
): void {
  if (typeof usage !== 'object' || usage === null) {
    return reject('recordTokens', usage, 'an object { model?, input?, output?, cachedInput? }');
  }
  const model = usage.model === undefined ? facts.currentModel : usage.model;
  if (!isValidUsage(usage, model, reject)) return;
  const input = usage.input ?? 0;
  const output = usage.output ?? 0;
  const cachedInput = usage.cachedInput ?? 0;
  // `usage` itself, validated above, rather than a copy of its counts: one object less per call.
  const costUsd = usage.costUsd ?? target.prices.costOf(usage, model);
  // Checked before anything is counted, so that tokens are never counted without their cost.
  if (!Number.isFinite(costUsd)) {
    return reject('recordTokens.cost', costUsd, 'a finite cost (check pricing)');
  }
  facts.model = model;
  const { tokens, cost } = target.metrics;
  if (input > 0) tokens.get2(model, 'input').add(input);
  if (output > 0) tokens.get2(model, 'output').add(output);
  if (cachedInput > 0) tokens.get2(model, 'cached_input').add(cachedInput);
  cost.get1(model).add(costUsd, exemplar);
  addUsage(facts, target, exemplar, route, model, input, output, cachedInput, costUsd);
}

/** `rag.recordCost(usd, model?)`: a cost the app computed itself, without tokens. */
export function recordCost(
  usd: number,
  model: string | undefined,
  facts: RecordedFacts,
  target: SpendTarget,
  reject: RejectValue,
  exemplar: ExemplarLabels | undefined,
  route: string | undefined,
): void {
  if (!isNonNegativeNumber(usd)) return reject('recordCost', usd, 'a finite number ≥ 0 (USD)');
  const resolvedModel = model === undefined ? facts.currentModel : model;
  if (!isModelName('recordCost.model', resolvedModel, reject)) return;
  target.metrics.cost.get1(resolvedModel).add(usd, exemplar);
  addUsage(facts, target, exemplar, route, resolvedModel, 0, 0, 0, usd);
}

/**
 * Adds to the request's per-model totals; after the request was recorded (`route` is known), also to
 * the per-request histograms, so that they agree with the counters however late the spend comes
 * (issue 14, defect 5).
 */
function addUsage(
  facts: RecordedFacts,
  target: SpendTarget,
  exemplar: ExemplarLabels | undefined,
  route: string | undefined,
  model: string,
  input: number,
  output: number,
  cachedInput: number,
  costUsd: number,
): void {
  const totals = facts.usageOf(model);
  totals.input += input;
  totals.output += output;
  totals.cachedInput += cachedInput;
  totals.costUsd += costUsd;
  if (route !== undefined) {
    observeLateUsage(target.metrics, totals, { input, output, cachedInput, costUsd }, exemplar);
  }
}
