/**
 * The "SLOs" row: status, error budget remaining and burn rate of each SLO (availability,
 * latency) per service, read from the Sloth-shaped recording rules of
 * ../prometheus/rules/recording.yml (`slo:*`, labelled `slo`, `environment`, `job`). The burn
 * rate lines are the paging factors of thresholds.yml, like the ErrorBudgetBurn alerts'.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { singleStat, steps, stepsUp, timeSeries } from './panels';
import { threshold } from './thresholds';

type Panel = cog.Builder<dashboard.Panel>;

const bySlo = '{job=~"$job"}';
const legend = '{{job}} {{environment}} {{slo}}';

/** 1 while an SLO's 30-day budget is not spent, 0 once it is. */
export const sloMet = `slo:period_error_budget_remaining:ratio${bySlo} >= bool 0`;
export const budgetRemaining = `slo:period_error_budget_remaining:ratio${bySlo}`;
export const burnRate = `slo:current_burn_rate:ratio${bySlo}`;

const statusText: dashboard.ValueMapping = {
  type: dashboard.MappingType.ValueToText,
  options: {
    '0': { text: 'Budget spent', color: 'red', index: 0 },
    '1': { text: 'Within SLO', color: 'green', index: 1 },
  },
};

export function sloPanels(thresholds: ReadonlyMap<string, number>) {
  const pageFast = threshold(thresholds, 'rag:slo:burn_rate_1h');
  const pageSlow = threshold(thresholds, 'rag:slo:burn_rate_6h');
  return {
    status: singleStat({
      title: 'SLO status',
      description:
        'Per service and SLO: within its objective over the last 30 days, or its error budget is spent.',
      unit: 'none',
      queries: [{ expr: sloMet, legend }],
      thresholds: stepsUp([1, 'green']),
      mappings: [statusText],
      width: 8,
    }),
    budget: singleStat({
      title: 'Error budget remaining (30 d)',
      description:
        'Share of the 30-day error budget not yet spent, per service and SLO: below 0 the SLO is missed.',
      unit: 'percentunit',
      queries: [{ expr: budgetRemaining, legend }],
      thresholds: stepsUp([0, 'orange'], [0.25, 'green']),
      width: 8,
    }),
    burn: timeSeries({
      title: 'Error budget burn rate',
      description: `How fast each SLO spends its budget now (1 = exactly the budget over 30 days). The 1h page fires over ${pageFast}, the 6h page over ${pageSlow}, while the longer window agrees.`,
      unit: 'none',
      queries: [{ expr: burnRate, legend }],
      thresholds: steps([pageSlow, 'orange'], [pageFast, 'red']),
      min: 0,
      width: 8,
      height: 4,
    }),
  } satisfies Record<string, Panel>;
}
