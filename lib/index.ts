export { DEFAULT_BUCKETS } from './buckets';
export {
  type ClusterMetricsOptions,
  type ClusterMetricsServerOptions,
  clusterMetricsHandler,
  reportToClusterPrimary,
  startClusterMetricsServer,
} from './cluster';
export { errorTypeOf } from './error-type';
export {
  METRIC_NAMES,
  METRIC_SUFFIXES,
  type MetricNames,
  metricNames,
  UNMATCHED_ROUTE,
} from './metric-names';
export type { BucketOptions, RagMetricsOptions } from './options';
export { calculateCost } from './pricing/calculate-cost';
export { updatePrices, waitForUpdate } from './pricing/catalogue';
export type { CostInput } from './pricing/token-rates';
export {
  FEEDBACK_RATINGS,
  type Feedback,
  type FeedbackRating,
  GUARDRAIL_ACTIONS,
  type GuardrailAction,
  type GuardrailResult,
  KNOWN_EVALUATIONS,
  type RetrievalResult,
  type RetrievalSummary,
} from './quality-types';
export { createRagMetrics, MONITOR_METHOD, RagMetrics, type RequestOutcome } from './rag-metrics';
export { readRateLimitHeaders } from './rate-limit-headers';
export {
  onRequestRecorded,
  REQUEST_RECORDED_CHANNEL,
  type RequestRecord,
  type RequestRecordListener,
} from './request-record';
export { OVERFLOW_LABEL_VALUE } from './series/label-guard';
export type {
  CacheResult,
  HeadersLike,
  MetricsAuthorizer,
  ModelPrice,
  PlainRagRecord,
  RagContext,
  RagMetricsWarning,
  RagSummary,
  RateLimitKind,
  RateLimitReading,
  TokenType,
  TokenUsage,
} from './types';
