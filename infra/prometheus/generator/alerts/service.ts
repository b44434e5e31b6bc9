/** Latency, errors and cache: is the service answering, fast, and from its cache? */
import { alert } from '../alert';
import { compare, gated, level, sumIncrease } from '../promql';
import type { AlertingRule, RuleGroup } from '../types';

/** At least `rag:threshold:min_requests` events in the window: fewer make no trend. */
const enough = (count: string) => compare(count, '>=', 'rag:threshold:min_requests');

const availability = (series: string) => `${series}{slo="availability"}`;

export const serviceAlerts: RuleGroup<AlertingRule> = {
  name: 'rag-service-alerts',
  rules: [
    alert({
      name: 'HighLatency',
      expr: gated(
        compare(
          `${level('route')}:rag_request_duration_seconds:p95_5m`,
          '>',
          'rag:threshold:latency_p95_seconds',
        ),
        enough(sumIncrease('rag_request_duration_seconds_count{method!="JOB"}', '5m', 'route')),
        'route',
      ),
      for: '5m',
      severity: 'warning',
      summary: 'p95 latency of {{ $labels.route }} on {{ $labels.job }} is high',
      description:
        'p95 request duration of route {{ $labels.route }} ({{ $labels.job }}, {{ $labels.environment }}) has been {{ $value | humanizeDuration }} for 5 minutes, above rag:threshold:latency_p95_seconds. Streamed routes and background jobs are left out.',
    }),
    alert({
      name: 'HighTimeToFirstToken',
      expr: gated(
        compare(
          `${level('route')}:rag_time_to_first_token_seconds:p95_5m`,
          '>',
          'rag:threshold:ttft_p95_seconds',
        ),
        enough(sumIncrease('rag_time_to_first_token_seconds_count', '5m', 'route')),
        'route',
      ),
      for: '5m',
      severity: 'warning',
      summary: 'Streamed answers of {{ $labels.route }} on {{ $labels.job }} start late',
      description:
        'p95 time to first token of route {{ $labels.route }} ({{ $labels.job }}, {{ $labels.environment }}) has been {{ $value | humanizeDuration }} for 5 minutes, above rag:threshold:ttft_p95_seconds.',
    }),
    alert({
      name: 'HighErrorRate',
      expr: gated(
        compare(availability('slo:sli_error:ratio_rate5m'), '>', 'rag:threshold:error_ratio'),
        enough(availability('slo:sli_requests:increase5m')),
      ),
      for: '5m',
      severity: 'critical',
      summary: '{{ $labels.job }} answers too many requests with 5xx',
      description:
        '{{ $value | humanizePercentage }} of answered requests of {{ $labels.job }} ({{ $labels.environment }}) failed with 5xx over the last 5 minutes (499 client aborts excluded).',
    }),
    // Ratio alerts skip windows with few requests; total failure pages whatever the traffic.
    alert({
      name: 'AllRequestsFailing',
      expr: gated(
        `${availability('slo:sli_error:ratio_rate30m')} >= 1`,
        compare(
          availability('slo:sli_requests:increase30m'),
          '>=',
          'rag:threshold:min_failed_requests',
        ),
      ),
      for: '5m',
      severity: 'critical',
      summary: 'Every request of {{ $labels.job }} fails',
      description:
        'No answered request of {{ $labels.job }} ({{ $labels.environment }}) succeeded in the last 30 minutes: the error ratio is {{ $value | humanizePercentage }}.',
    }),
    alert({
      name: 'LowCacheHitRate',
      expr: gated(
        compare(
          `${level('cache_type')}:rag_cache_hit:ratio_rate5m`,
          '<',
          'rag:threshold:cache_hit_ratio',
        ),
        enough(sumIncrease('rag_cache_requests_total', '5m', 'cache_type')),
        'cache_type',
      ),
      for: '10m',
      severity: 'warning',
      summary: '{{ $labels.cache_type }} cache of {{ $labels.job }} rarely hits',
      description:
        'Only {{ $value | humanizePercentage }} of {{ $labels.cache_type }} cache lookups of {{ $labels.job }} ({{ $labels.environment }}) hit over the last 5 minutes, for 10 minutes.',
    }),
  ],
};
