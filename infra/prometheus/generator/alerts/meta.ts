/** The watchers watched: scraping, rule evaluation, notification delivery, remote write. */
import { alert } from '../alert';
import { REQUIRED_JOBS } from '../config';
import { compare, labels } from '../promql';
import type { AlertingRule, RuleGroup } from '../types';

const targetsDownShare = `count by (${labels()}) (up == 0)\n/ count by (${labels()}) (up)`;

const remoteWriteLag = [
  'max_over_time(prometheus_remote_storage_highest_timestamp_in_seconds[5m])',
  '- ignoring (remote_name, url) group_right ()',
  'max_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds[5m])',
].join('\n');

export const metaAlerts: RuleGroup<AlertingRule> = {
  name: 'rag-meta-alerts',
  rules: [
    // Always firing: a receiver that stops getting it knows the alerting pipeline is broken.
    alert({
      name: 'Watchdog',
      expr: 'vector(1)',
      for: '0m',
      severity: 'none',
      perJob: false,
      summary: 'The alerting pipeline works',
      description:
        "Always firing ({{ $value }}). Route it to a dead man's switch; when its notifications stop, Prometheus, Alertmanager or the path between them is down.",
    }),
    alert({
      name: 'ScrapeTargetDown',
      expr: compare(`(\n${targetsDownShare}\n)`, '>', 'rag:threshold:target_down_ratio'),
      for: '5m',
      severity: 'critical',
      summary: 'Prometheus cannot scrape part of {{ $labels.job }}',
      description:
        '{{ $value | humanizePercentage }} of the targets of {{ $labels.job }} ({{ $labels.environment }}) failed every scrape for 5 minutes: their metrics, and the alerts that read them, are blind.',
    }),
    alert({
      name: 'ScrapeTargetsMissing',
      expr: REQUIRED_JOBS.map((job) => `absent(up{job="${job}"})`).join('\nor\n'),
      for: '5m',
      severity: 'critical',
      summary: 'Prometheus has no target for {{ $labels.job }}',
      description:
        'Service discovery returns no target for job {{ $labels.job }} (absent = {{ $value }}): nothing of it is scraped, so no other alert about it can fire.',
    }),
    alert({
      name: 'MetricLabelOverflow',
      expr: `sum by (${labels()}) (increase(rag_metrics_rejected_total{reason="label_overflow"}[15m])) > 0`,
      for: '5m',
      severity: 'warning',
      summary: '{{ $labels.job }} hit a label cardinality cap',
      description:
        '{{ $value | humanize }} label values of {{ $labels.job }} ({{ $labels.environment }}) were replaced by the overflow value over the last 15 minutes: a label grows without bound (raw URLs, user input, unknown model names).',
    }),
    alert({
      name: 'PrometheusRuleEvaluationFailures',
      expr: 'sum by (job, instance, rule_group) (increase(prometheus_rule_evaluation_failures_total[5m])) > 0',
      for: '5m',
      severity: 'critical',
      summary: 'Prometheus {{ $labels.instance }} fails to evaluate rules',
      description:
        '{{ $value | humanize }} evaluations of rule group {{ $labels.rule_group }} failed over the last 5 minutes: the alerts and recorded series of that group are missing.',
    }),
    alert({
      name: 'PrometheusNotificationsFailing',
      expr: 'sum by (job, instance, alertmanager) (increase(prometheus_notifications_errors_total[5m])) > 0',
      for: '5m',
      severity: 'critical',
      summary: 'Prometheus {{ $labels.instance }} cannot send alerts to Alertmanager',
      description:
        '{{ $value | humanize }} sends of alerts from {{ $labels.instance }} to {{ $labels.alertmanager }} failed over the last 5 minutes.',
    }),
    alert({
      name: 'AlertmanagerNotificationsFailing',
      expr: 'sum by (job, instance, integration) (increase(alertmanager_notifications_failed_total[5m])) > 0',
      for: '5m',
      severity: 'critical',
      summary:
        'Alertmanager {{ $labels.instance }} cannot deliver {{ $labels.integration }} notifications',
      description:
        '{{ $value | humanize }} {{ $labels.integration }} notifications of {{ $labels.instance }} failed over the last 5 minutes: pages and tickets do not reach anyone.',
    }),
    alert({
      name: 'PrometheusRemoteWriteBehind',
      expr: compare(`(\n${remoteWriteLag}\n)`, '>', 'rag:threshold:remote_write_behind_seconds'),
      for: '15m',
      severity: 'warning',
      summary: 'Remote write of {{ $labels.instance }} falls behind',
      description:
        'Samples reach {{ $labels.url }} {{ $value | humanizeDuration }} after Prometheus {{ $labels.instance }} scraped them: fleet-wide rules and long-term storage see old data.',
    }),
  ],
};
