/** The rule shapes Prometheus loads (https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/). */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface RuleGroup<R> {
  readonly name: string;
  /** Evaluation interval; the global one (15 s in prometheus.yml) when absent. */
  readonly interval?: string;
  readonly rules: readonly R[];
}
