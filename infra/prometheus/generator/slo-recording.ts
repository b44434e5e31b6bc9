/**
 * SLO recording rules in the shape Sloth generates (https://sloth.dev): the SLI error ratio per
 * window, the error budget, the burn rate now and over the period, and the budget remaining.
 * Each series carries `slo` ("availability" or "latency") plus the service labels.
 */
import { LATENCY_SLO_BUCKET, SLI_WINDOWS, SLO_PERIOD } from './config';
import { labels, ratio, sumIncrease, sumRate, thresholdPerJob } from './promql';
import type { RecordingRule, RuleGroup } from './types';

export type Slo = 'availability' | 'latency';
export const SLOS: readonly Slo[] = ['availability', 'latency'];

/** The budget of each SLO in thresholds.yml: the share of requests that may be bad. */
export const BUDGET_THRESHOLD: Readonly<Record<Slo, string>> = {
  availability: 'rag:slo:error_budget_ratio',
  latency: 'rag:slo:latency_error_budget_ratio',
};

/**
 * Requests that count: answered (499 = the client left first, neither good nor bad, so impatient
 * clients can neither burn nor dilute the budget) and not background jobs (`method="JOB"`).
 */
const ANSWERED = 'status_code!="499",method!="JOB"';

/**
 * Streamed routes (those that ever recorded a first token) measure the answer's length, not the
 * wait: they are out of the latency SLO and of HighLatency; time to first token covers them.
 */
export function withoutStreamedRoutes(byRoute: string): string {
  return `${byRoute}\nunless on (${labels('route')}) rag_time_to_first_token_seconds_count`;
}

function latencyRequests(series: string, window: string): string {
  return `sum by (${labels()}) (\n  ${withoutStreamedRoutes(sumRate(series, window, 'route'))}\n)`;
}

/** Bad requests over good-or-bad ones, as a ratio of sums across instances. */
/**
 * An idle window has no ratio: `> 0` on the denominator leaves it out instead of recording
 * 0/0 = NaN, which would make the period's mean of 5-minute ratios NaN for the whole 30 days.
 */
function errorRatio(slo: Slo, window: string): string {
  if (slo === 'availability') {
    return ratio(
      sumRate(`rag_requests_total{status_code=~"5..",method!="JOB"}`, window),
      `(${sumRate(`rag_requests_total{${ANSWERED}}`, window)} > 0)`,
    );
  }
  const all = latencyRequests(`rag_request_duration_seconds_count{${ANSWERED}}`, window);
  const fast = latencyRequests(
    `rag_request_duration_seconds_bucket{${ANSWERED},le="${LATENCY_SLO_BUCKET}"}`,
    window,
  );
  return `1 - (\n${fast}\n)\n/ (\n${all}\n> 0)`;
}

/** How many requests the window's ratio stands on: alerts skip windows with too few. */
function requestCount(slo: Slo, window: string): string {
  const series =
    slo === 'availability'
      ? `rag_requests_total{${ANSWERED}}`
      : `rag_request_duration_seconds_count{${ANSWERED}}`;
  if (slo === 'availability') return sumIncrease(series, window);
  return `sum by (${labels()}) (\n  ${withoutStreamedRoutes(sumIncrease(series, window, 'route'))}\n)`;
}

function windowRules(window: string): RecordingRule[] {
  return SLOS.flatMap((slo) => [
    { record: `slo:sli_error:ratio_rate${window}`, expr: errorRatio(slo, window), labels: { slo } },
    {
      record: `slo:sli_requests:increase${window}`,
      expr: requestCount(slo, window),
      labels: { slo },
    },
  ]);
}

const groupOf = (windows: readonly string[]) => windows.flatMap((w) => windowRules(w));
const [w5m, w30m, w1h, w2h, w6h, w1d, w3d] = SLI_WINDOWS;

/** Each budget per service: the job's own from thresholds.yml where set, else the default. */
function budgetRules(): RecordingRule[] {
  return SLOS.map((slo) => ({
    record: 'slo:error_budget:ratio',
    expr: thresholdPerJob(
      BUDGET_THRESHOLD[slo],
      `slo:sli_requests:increase${w3d}{slo="${slo}"}`,
      labels().split(', '),
    ),
    labels: { slo },
  }));
}

const perSlo = `on (${labels('slo')}) group_left ()`;

export const sloRecordingGroups: readonly RuleGroup<RecordingRule>[] = [
  { name: 'rag-slo-sli-short', rules: groupOf([w5m, w30m, w1h].map(String)) },
  // Heavier windows change slowly: evaluating them every minute or three costs less and loses nothing.
  { name: 'rag-slo-sli-hours', interval: '1m', rules: groupOf([w2h, w6h].map(String)) },
  { name: 'rag-slo-sli-days', interval: '3m', rules: groupOf([w1d, w3d].map(String)) },
  {
    name: 'rag-slo-budget',
    interval: '1m',
    rules: [
      ...budgetRules(),
      {
        record: 'slo:current_burn_rate:ratio',
        expr: `slo:sli_error:ratio_rate5m\n/ ${perSlo}\nslo:error_budget:ratio`,
      },
      // The period's ratio as Sloth computes it: the mean of the 5-minute ratios, far cheaper
      // than a rate over 30 days of raw samples.
      {
        record: `slo:sli_error:ratio_rate${SLO_PERIOD}`,
        expr: `sum_over_time(slo:sli_error:ratio_rate5m[${SLO_PERIOD}])\n/ count_over_time(slo:sli_error:ratio_rate5m[${SLO_PERIOD}])`,
      },
      {
        record: 'slo:period_burn_rate:ratio',
        expr: `slo:sli_error:ratio_rate${SLO_PERIOD}\n/ ${perSlo}\nslo:error_budget:ratio`,
      },
      {
        record: 'slo:period_error_budget_remaining:ratio',
        expr: '1 - slo:period_burn_rate:ratio',
      },
    ],
  },
];
