/** One alerting rule with the annotations every alert carries: runbook and dashboard links. */
import { DASHBOARD_URL, RUNBOOK_URL } from './config';
import type { AlertingRule } from './types';

export type Severity = 'critical' | 'warning' | 'none';

export interface AlertSpec {
  readonly name: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: Severity;
  readonly summary: string;
  /** Must show the value (`{{ $value }}`), so the notification says how bad it is. */
  readonly description: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Whether the alert has a `job` label to filter the dashboard by (fleet-wide ones have not). */
  readonly perJob?: boolean;
}

/** GitHub's anchor for a `## Name` heading. */
export const runbookAnchor = (name: string): string => name.toLowerCase();

export function alert(spec: AlertSpec): AlertingRule {
  const dashboard =
    spec.perJob === false ? DASHBOARD_URL : `${DASHBOARD_URL}?var-job={{ $labels.job }}`;
  return {
    alert: spec.name,
    expr: spec.expr,
    for: spec.for,
    labels: { severity: spec.severity, ...spec.labels },
    annotations: {
      summary: spec.summary,
      description: spec.description,
      runbook_url: `${RUNBOOK_URL}#${runbookAnchor(spec.name)}`,
      dashboard_url: dashboard,
    },
  };
}
