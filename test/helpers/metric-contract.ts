/**
 * The public metric contract of rag-metrics (default prefix `rag_`): what dashboards and alerts
 * may name. A typo in a panel or a rule fails test/infra/*.test.ts instead of drawing nothing.
 */
export const METRIC_TYPES: Readonly<Record<string, 'counter' | 'gauge' | 'histogram'>> = {
  rag_requests_total: 'counter',
  rag_request_duration_seconds: 'histogram',
  rag_active_requests: 'gauge',
  rag_errors_total: 'counter',
  rag_time_to_first_token_seconds: 'histogram',
  rag_stage_duration_seconds: 'histogram',
  rag_tokens_total: 'counter',
  rag_request_tokens: 'histogram',
  rag_cost_usd_total: 'counter',
  rag_fallback_priced_tokens_total: 'counter',
  rag_request_cost_usd: 'histogram',
  rag_cache_requests_total: 'counter',
  rag_relevance_score: 'histogram',
  rag_context_precision: 'histogram',
  rag_retrieval_documents: 'histogram',
  rag_retrieval_empty_total: 'counter',
  rag_retrieval_top_score: 'histogram',
  rag_evaluation_score: 'histogram',
  rag_refusals_total: 'counter',
  rag_guardrail_actions_total: 'counter',
  rag_feedback_total: 'counter',
  rag_rate_limit_remaining: 'gauge',
  rag_rate_limit_hits_total: 'counter',
  rag_metrics_rejected_total: 'counter',
  rag_metrics_unauthorized_total: 'counter',
  rag_service_info: 'gauge',
};

/** Series Prometheus itself adds, which rules may read too. */
const PROMETHEUS_SERIES = new Set(['up']);

/** Whether `name` is a series the library exposes (histograms as _bucket/_sum/_count). */
export function isContractSeries(name: string): boolean {
  if (METRIC_TYPES[name] && METRIC_TYPES[name] !== 'histogram') return true;
  const histogram = /^(.*)_(bucket|sum|count)$/.exec(name);
  return histogram?.[1] !== undefined && METRIC_TYPES[histogram[1]] === 'histogram';
}

/**
 * Metric names a PromQL expression reads: identifiers that start with `rag_` or contain a
 * colon (recording rules), plus Prometheus' own series. Strings are blanked first, so label
 * values such as "5.." are never taken for names; label matchers (`name=`, `name=~`) are skipped.
 */
export function metricNamesIn(expr: string): string[] {
  const code = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/'(?:[^'\\]|\\.)*'/g, "''");
  const names = new Set<string>();
  for (const match of code.matchAll(
    /(?<![\w:$])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*(?:=~|!=|!~|=(?!=)))/g,
  )) {
    const name = match[1] ?? '';
    if (name.startsWith('rag_') || name.includes(':') || PROMETHEUS_SERIES.has(name)) {
      names.add(name);
    }
  }
  return [...names];
}

export function isPrometheusSeries(name: string): boolean {
  return PROMETHEUS_SERIES.has(name);
}
