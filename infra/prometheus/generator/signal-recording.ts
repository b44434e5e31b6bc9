/**
 * Recording rules for the alerts outside the SLOs. Only what an alert reads is recorded; short
 * gates (how many requests a 5-minute window holds) stay inline in the alerts that need them.
 * Names follow level:metric:operations (https://prometheus.io/docs/practices/rules/).
 */
import { labels, level, ratio, sumIncrease, sumRate } from './promql';
import { withoutStreamedRoutes } from './slo-recording';
import type { RecordingRule, RuleGroup } from './types';

const byRoute = level('route');

/** Average of a histogram's observations over `window`: rate of the sum over rate of the count. */
function average(histogram: string, window: string, ...extra: string[]): string {
  return `${sumRate(`${histogram}_sum`, window, ...extra)}\n/ ${sumRate(`${histogram}_count`, window, ...extra)}`;
}

function p95(histogram: string, selector: string, window: string, ...extra: string[]): string {
  return `histogram_quantile(0.95, ${sumRate(`${histogram}_bucket${selector}`, window, ...extra, 'le')})`;
}

function refusalRatio(window: string): string {
  return ratio(
    sumRate('rag_refusals_total', window, 'route'),
    sumRate('rag_requests_total', window, 'route'),
  );
}

function costPerRequest(window: string): RecordingRule {
  return {
    record: `${level('model')}:rag_request_cost_usd:avg${window}`,
    expr: average('rag_request_cost_usd', window, 'model'),
  };
}

function evaluationScore(window: string): RecordingRule {
  return {
    record: `${level('route', 'metric')}:rag_evaluation_score:avg${window}`,
    expr: average('rag_evaluation_score', window, 'route', 'metric'),
  };
}

const spendRate = (window: string): RecordingRule => ({
  record: `${level()}:rag_cost_usd:rate${window}`,
  expr: sumRate('rag_cost_usd_total', window),
});

export const signalRecordingGroups: readonly RuleGroup<RecordingRule>[] = [
  {
    name: 'rag-signals-short',
    rules: [
      // Background jobs (method="JOB") and streamed routes are out: their duration is not a wait.
      {
        record: `${byRoute}:rag_request_duration_seconds:p95_5m`,
        expr: `histogram_quantile(0.95,\n  ${withoutStreamedRoutes(sumRate('rag_request_duration_seconds_bucket{method!="JOB"}', '5m', 'route', 'le'))}\n)`,
      },
      {
        record: `${byRoute}:rag_time_to_first_token_seconds:p95_5m`,
        expr: p95('rag_time_to_first_token_seconds', '', '5m', 'route'),
      },
      {
        record: `${level('cache_type')}:rag_cache_hit:ratio_rate5m`,
        expr: ratio(
          sumRate('rag_cache_requests_total{result="hit"}', '5m', 'cache_type'),
          sumRate('rag_cache_requests_total', '5m', 'cache_type'),
        ),
      },
      {
        record: `${byRoute}:rag_retrieval_empty:ratio_rate5m`,
        expr: ratio(
          sumRate('rag_retrieval_empty_total', '5m', 'route'),
          sumRate('rag_retrieval_documents_count', '5m', 'route'),
        ),
      },
      { record: `${byRoute}:rag_refusals:ratio_rate5m`, expr: refusalRatio('5m') },
      {
        record: `${byRoute}:rag_guardrail_blocked:ratio_rate15m`,
        expr: ratio(
          sumRate('rag_guardrail_actions_total{action="blocked"}', '15m', 'route'),
          sumRate('rag_guardrail_actions_total', '15m', 'route'),
        ),
      },
      // A provider's headroom per service, only from instances whose reading moved in the last
      // 10 minutes: an idle instance keeps its last (maybe low) reading for ever, and that
      // reading says nothing about the quota now.
      {
        record: `${level('provider', 'limit')}:rag_rate_limit_remaining:min_fresh10m`,
        expr: `min by (${labels('provider', 'limit')}) (\n  rag_rate_limit_remaining\n  and changes(rag_rate_limit_remaining[10m]) > 0\n)`,
      },
      spendRate('5m'),
      spendRate('30m'),
    ],
  },
  {
    name: 'rag-signals-hours',
    interval: '1m',
    rules: [
      spendRate('1h'),
      spendRate('6h'),
      costPerRequest('1h'),
      evaluationScore('1h'),
      // Ratings are sparse: six hours and a minimum count keep one rating from flipping the ratio.
      {
        record: `${level()}:rag_feedback:increase6h`,
        expr: sumIncrease('rag_feedback_total', '6h'),
      },
      {
        record: `${level()}:rag_feedback_positive:ratio_rate6h`,
        expr: ratio(
          sumRate('rag_feedback_total{rating="positive"}', '6h'),
          sumRate('rag_feedback_total', '6h'),
        ),
      },
    ],
  },
  // Day-long baselines for the "jumped" and "dropped" alerts.
  {
    name: 'rag-signals-days',
    interval: '3m',
    rules: [
      { record: `${byRoute}:rag_refusals:ratio_rate1d`, expr: refusalRatio('1d') },
      costPerRequest('1d'),
      evaluationScore('1d'),
    ],
  },
];
