/** Metric names without their prefix. Dashboards, alerts and tests use these; they are a public contract. */
export const METRIC_SUFFIXES = {
  requests: 'requests_total',
  requestDuration: 'request_duration_seconds',
  activeRequests: 'active_requests',
  errors: 'errors_total',
  timeToFirstToken: 'time_to_first_token_seconds',
  stageDuration: 'stage_duration_seconds',
  tokens: 'tokens_total',
  requestTokens: 'request_tokens',
  cost: 'cost_usd_total',
  fallbackPricedTokens: 'fallback_priced_tokens_total',
  requestCost: 'request_cost_usd',
  cacheRequests: 'cache_requests_total',
  relevance: 'relevance_score',
  contextPrecision: 'context_precision',
  retrievalDocuments: 'retrieval_documents',
  retrievalEmpty: 'retrieval_empty_total',
  retrievalTopScore: 'retrieval_top_score',
  evaluationScore: 'evaluation_score',
  refusals: 'refusals_total',
  guardrailActions: 'guardrail_actions_total',
  feedback: 'feedback_total',
  rateLimitRemaining: 'rate_limit_remaining',
  rateLimitHits: 'rate_limit_hits_total',
  rejected: 'metrics_rejected_total',
  unauthorizedScrapes: 'metrics_unauthorized_total',
  serviceInfo: 'service_info',
} as const;

export type MetricKey = keyof typeof METRIC_SUFFIXES;
export type MetricNames = { readonly [K in MetricKey]: string };

/** The default metric names (prefix `rag_`), e.g. `METRIC_NAMES.requests === 'rag_requests_total'`. */
export const METRIC_NAMES: MetricNames = metricNames('rag_');

export function metricNames(prefix: string): MetricNames {
  const names = {} as Record<MetricKey, string>;
  for (const key of Object.keys(METRIC_SUFFIXES) as MetricKey[]) {
    names[key] = `${prefix}${METRIC_SUFFIXES[key]}`;
  }
  return names;
}

/** Route label of requests that matched no route. */
export const UNMATCHED_ROUTE = '__unmatched__';
