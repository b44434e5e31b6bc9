/** Answer quality: signals that answers got worse while requests still succeed. */
import { alert } from '../alert';
import { compare, gated, labels, level, sumIncrease } from '../promql';
import type { AlertingRule, RuleGroup } from '../types';

const byRoute = level('route');
const enough = (count: string) => compare(count, '>=', 'rag:threshold:min_requests');
const refusals = `${byRoute}:rag_refusals:ratio_rate5m`;

/**
 * Over `rag:threshold:refusal_spike_factor` times the route's own share of the day before the
 * last hour (so the spike is not its own baseline) and over the floor; or over the ceiling,
 * whatever the baseline (a route that went from refusing 40 % to 90 %).
 */
const refusalSpike = [
  '(',
  `  ${refusals}`,
  `  > on (${labels('route')})`,
  `  (${byRoute}:rag_refusals:ratio_rate1d offset 1h * on () group_left () rag:threshold:refusal_spike_factor{job=""})`,
  ')',
  `and on (${labels('route')})`,
  '(',
  compare(refusals, '>', 'rag:threshold:refusal_ratio_floor'),
  ')',
  'or',
  compare(refusals, '>', 'rag:threshold:refusal_ratio_ceiling'),
].join('\n');

export const qualityAlerts: RuleGroup<AlertingRule> = {
  name: 'rag-quality-alerts',
  rules: [
    alert({
      name: 'HighEmptyRetrievalRate',
      expr: gated(
        compare(
          `${byRoute}:rag_retrieval_empty:ratio_rate5m`,
          '>',
          'rag:threshold:empty_retrieval_ratio',
        ),
        enough(sumIncrease('rag_retrieval_documents_count', '5m', 'route')),
        'route',
      ),
      for: '15m',
      severity: 'warning',
      summary: 'Retrieval of {{ $labels.route }} on {{ $labels.job }} often finds nothing',
      description:
        '{{ $value | humanizePercentage }} of retrievals of route {{ $labels.route }} ({{ $labels.job }}, {{ $labels.environment }}) returned no document over the last 5 minutes, for 15 minutes.',
    }),
    alert({
      name: 'LowPositiveFeedback',
      expr: gated(
        compare(
          `${level()}:rag_feedback_positive:ratio_rate6h`,
          '<',
          'rag:threshold:positive_feedback_ratio',
        ),
        compare(`${level()}:rag_feedback:increase6h`, '>=', 'rag:threshold:min_feedback'),
      ),
      for: '30m',
      severity: 'warning',
      summary: 'Users of {{ $labels.job }} rate few answers positively',
      description:
        'Only {{ $value | humanizePercentage }} of user ratings of {{ $labels.job }} ({{ $labels.environment }}) answers were positive over the last 6 hours, below rag:threshold:positive_feedback_ratio.',
    }),
    alert({
      name: 'RefusalSpike',
      expr: gated(refusalSpike, enough(sumIncrease('rag_requests_total', '5m', 'route')), 'route'),
      for: '10m',
      severity: 'warning',
      summary: '{{ $labels.route }} on {{ $labels.job }} refuses far more answers than usual',
      description:
        '{{ $value | humanizePercentage }} of requests to route {{ $labels.route }} ({{ $labels.job }}, {{ $labels.environment }}) ended in a refusal over the last 5 minutes: a multiple of its usual share, or over the ceiling.',
    }),
    alert({
      name: 'HighGuardrailBlockRate',
      expr: gated(
        compare(
          `${byRoute}:rag_guardrail_blocked:ratio_rate15m`,
          '>',
          'rag:threshold:guardrail_block_ratio',
        ),
        enough(sumIncrease('rag_guardrail_actions_total', '15m', 'route')),
        'route',
      ),
      for: '15m',
      severity: 'warning',
      summary: 'Guardrails block many answers of {{ $labels.route }} on {{ $labels.job }}',
      description:
        'Guardrails blocked {{ $value | humanizePercentage }} of their decisions on route {{ $labels.route }} ({{ $labels.job }}, {{ $labels.environment }}) over the last 15 minutes, above rag:threshold:guardrail_block_ratio.',
    }),
    alert({
      name: 'EvaluationScoreDrop',
      expr: gated(
        compare(
          `${level('route', 'metric')}:rag_evaluation_score:avg1h\n/ ${level('route', 'metric')}:rag_evaluation_score:avg1d offset 1h`,
          '<',
          'rag:threshold:evaluation_score_vs_baseline',
        ),
        enough(sumIncrease('rag_evaluation_score_count', '1h', 'route', 'metric')),
        'route',
        'metric',
      ),
      for: '30m',
      severity: 'warning',
      summary: '{{ $labels.metric }} scores of {{ $labels.route }} on {{ $labels.job }} dropped',
      description:
        'The average {{ $labels.metric }} score of route {{ $labels.route }} ({{ $labels.job }}, {{ $labels.environment }}) over the last hour is {{ $value | humanizePercentage }} of its average over the day before, below rag:threshold:evaluation_score_vs_baseline.',
    }),
  ],
};
