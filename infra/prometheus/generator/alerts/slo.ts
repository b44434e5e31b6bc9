/**
 * Multi-window, multi-burn-rate alerts on the availability and latency SLOs (Google SRE
 * Workbook, "Alerting on SLOs"): one alert per tier of config.ts, each window gated on its own
 * request count.
 */
import { alert } from '../alert';
import { BURN_TIERS, type BurnTier, LATENCY_SLO_BUCKET } from '../config';
import { compare, labels } from '../promql';
import type { Slo } from '../slo-recording';
import type { AlertingRule, RuleGroup } from '../types';

/** The burn rate over `window`: the SLI error ratio in units of the job's error budget. */
function burnRate(slo: Slo, window: string): string {
  return `slo:sli_error:ratio_rate${window}{slo="${slo}"}\n/ on (${labels('slo')}) group_left ()\nslo:error_budget:ratio`;
}

/** Over the tier's factor and on at least `rag:threshold:min_requests` requests. */
function burning(slo: Slo, window: string, tier: BurnTier): string {
  const fast = `(\n${burnRate(slo, window)}\n)\n> on () group_left ()\nrag:slo:burn_rate_${tier.long}{job=""}`;
  const counted = compare(
    `slo:sli_requests:increase${window}{slo="${slo}"}`,
    '>=',
    'rag:threshold:min_requests',
  );
  return `(\n${fast}\n)\nand on (${labels()})\n(\n${counted}\n)`;
}

const WHAT: Readonly<Record<Slo, { name: string; bad: string }>> = {
  availability: { name: 'ErrorBudgetBurn', bad: 'failed (5xx)' },
  latency: { name: 'LatencyBudgetBurn', bad: `took over ${LATENCY_SLO_BUCKET} s` },
};

function tierAlert(slo: Slo, tier: BurnTier): AlertingRule {
  const { name, bad } = WHAT[slo];
  return alert({
    name,
    expr: `(\n${burning(slo, tier.long, tier)}\n)\nand on (${labels()})\n(\n${burning(slo, tier.short, tier)}\n)`,
    for: tier.for,
    severity: tier.severity,
    labels: { slo, window: tier.long },
    summary: `{{ $labels.job }} is burning its ${slo} error budget (${tier.long} window)`,
    description: `Requests of {{ $labels.job }} ({{ $labels.environment }}) ${bad} at {{ $value | printf "%.1f" }} times the rate the ${slo} SLO allows over the last ${tier.long}, and still over the last ${tier.short}: above rag:slo:burn_rate_${tier.long}.`,
  });
}

export const sloAlerts: RuleGroup<AlertingRule> = {
  name: 'rag-slo-alerts',
  rules: (['availability', 'latency'] as const).flatMap((slo) =>
    BURN_TIERS.map((tier) => tierAlert(slo, tier)),
  ),
};
