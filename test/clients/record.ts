import { createRagMetrics, type RagMetrics } from '../../lib/rag-metrics';
import type { RagContext, RagMetricsWarning } from '../../lib/types';
import { Exposition } from '../helpers/scrape';

export const OPERATION = 'answer';

/** A fresh instance, the warnings it gave, and its exposition after `fn` ran under `monitor()`. */
export async function recordWith(
  fn: (rag: RagContext) => Promise<void>,
): Promise<{ metrics: RagMetrics; exposition: Exposition; warnings: RagMetricsWarning[] }> {
  const warnings: RagMetricsWarning[] = [];
  const metrics = createRagMetrics({
    processMetrics: false,
    includeDefaultRegistry: false,
    onWarning: (warning) => warnings.push(warning),
  });
  await metrics.monitor(OPERATION, fn);
  return { metrics, exposition: new Exposition(await metrics.render()), warnings };
}

/** The token counters, cost and time-to-first-token count of one model, as a plain object. */
export function usageOf(exposition: Exposition, model: string) {
  return {
    input: exposition.value('rag_tokens_total', { model, type: 'input' }),
    output: exposition.value('rag_tokens_total', { model, type: 'output' }),
    cachedInput: exposition.value('rag_tokens_total', { model, type: 'cached_input' }),
    costUsd: exposition.value('rag_cost_usd_total', { model }),
    firstTokens: exposition.histogram('rag_time_to_first_token_seconds', {
      route: OPERATION,
      model,
    })?.count,
  };
}

export function invalidValues(exposition: Exposition): number | undefined {
  return exposition.value('rag_metrics_rejected_total', { reason: 'invalid_value' });
}

export function rateLimitRemaining(
  exposition: Exposition,
  provider: string,
  limit: 'requests' | 'tokens',
): number | undefined {
  return exposition.value('rag_rate_limit_remaining', { provider, limit });
}
