/** Spend and provider quotas. */
import { alert } from '../alert';
import { compare, gated, level, sumIncrease } from '../promql';
import type { AlertingRule, RuleGroup } from '../types';

const SECONDS_PER_DAY = 86400;

/** What all services together would spend in a day at the pace of the last `window`. */
const dailyPace = (window: string) =>
  `sum(${level()}:rag_cost_usd:rate${window}) * ${SECONDS_PER_DAY}`;

/** Both windows' pace over the daily budget times `factor` (a constant of thresholds.yml). */
function pacing(long: string, short: string, factor: string): string {
  const limit = `rag:threshold:cost_usd_24h{job=""} * on () ${factor}{job=""}`;
  const over = (window: string) => `${dailyPace(window)}\n> on () group_left ()\n(${limit})`;
  return `(\n${over(long)}\n)\nand on ()\n(\n${over(short)}\n)`;
}

const fresh = `${level('provider', 'limit')}:rag_rate_limit_remaining:min_fresh10m`;
const QUOTA = 'rag:rate_limit:quota';

/** Headroom as a share of the quota where thresholds.yml declares one, else as a count. */
const headroomLow = [
  compare(
    `(\n${fresh}\n/ on (provider, limit) group_left ()\n${QUOTA}\n)`,
    '<',
    'rag:threshold:rate_limit_remaining_ratio',
  ),
  'or',
  compare(
    `(\n${fresh}{limit="requests"}\nunless on (provider, limit)\n${QUOTA}\n)`,
    '<',
    'rag:threshold:rate_limit_remaining_requests',
  ),
  'or',
  compare(
    `(\n${fresh}{limit="tokens"}\nunless on (provider, limit)\n${QUOTA}\n)`,
    '<',
    'rag:threshold:rate_limit_remaining_tokens',
  ),
].join('\n');

export const costAndLimitAlerts: RuleGroup<AlertingRule> = {
  name: 'rag-cost-limit-alerts',
  rules: [
    // Spend is the account's, so it is summed over every service (and, under vmalert, every
    // Prometheus shard). A pace, not a rolling 24-hour sum: the 5-minute window stops the page
    // as soon as spending stops, instead of a day later.
    alert({
      name: 'HighCostBurn',
      expr: pacing('1h', '5m', 'rag:threshold:cost_pace_page'),
      for: '5m',
      severity: 'critical',
      perJob: false,
      summary: 'LLM spend is on pace to use the daily budget within hours',
      description:
        'At the pace of the last hour (and still of the last 5 minutes) all services would spend {{ printf "%.2f" $value }} USD a day, over rag:threshold:cost_pace_page times rag:threshold:cost_usd_24h.',
    }),
    alert({
      name: 'HighCostBurnProjected',
      expr: pacing('6h', '30m', 'rag:threshold:cost_pace_ticket'),
      for: '15m',
      severity: 'warning',
      perJob: false,
      summary: 'LLM spend is on pace to exceed the daily budget',
      description:
        'At the pace of the last 6 hours (and still of the last 30 minutes) all services would spend {{ printf "%.2f" $value }} USD a day, over rag:threshold:cost_usd_24h.',
    }),
    alert({
      name: 'CostPerRequestJump',
      expr: gated(
        compare(
          `${level('model')}:rag_request_cost_usd:avg1h\n/ ${level('model')}:rag_request_cost_usd:avg1d offset 1h`,
          '>',
          'rag:threshold:cost_per_request_jump_factor',
        ),
        compare(
          sumIncrease('rag_request_cost_usd_count', '1h', 'model'),
          '>=',
          'rag:threshold:min_requests',
        ),
        'model',
      ),
      for: '30m',
      severity: 'warning',
      summary: 'Requests to {{ $labels.model }} on {{ $labels.job }} cost far more than yesterday',
      description:
        'The average cost per request of {{ $labels.model }} on {{ $labels.job }} ({{ $labels.environment }}) over the last hour is {{ $value | printf "%.1f" }} times its average over the day before, above rag:threshold:cost_per_request_jump_factor.',
    }),
    alert({
      name: 'RateLimitWarning',
      expr: headroomLow,
      for: '2m',
      severity: 'warning',
      summary:
        '{{ $labels.provider }} {{ $labels.limit }} quota of {{ $labels.job }} is nearly used up',
      description:
        'The lowest fresh reading of {{ $labels.provider }} {{ $labels.limit }} headroom on {{ $labels.job }} ({{ $labels.environment }}) is {{ $value | printf "%g" }}: a share of the quota where thresholds.yml declares rag:rate_limit:quota, else what remains.',
    }),
    alert({
      name: 'RateLimitHits',
      expr: compare(
        sumIncrease('rag_rate_limit_hits_total', '5m', 'provider'),
        '>',
        'rag:threshold:rate_limit_hits',
      ),
      for: '5m',
      severity: 'warning',
      summary: '{{ $labels.provider }} rejects requests of {{ $labels.job }} with 429',
      description:
        '{{ $labels.provider }} answered {{ $value | humanize }} requests of {{ $labels.job }} ({{ $labels.environment }}) with 429 (rate limited) over the last 5 minutes, above rag:threshold:rate_limit_hits.',
    }),
  ],
};
