/**
 * The "Answer quality" row (issue 10): retrieval depth and misses, evaluation scores, refusals,
 * guardrails and user feedback. Thresholds come from thresholds.yml, like the alerts that use them.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { HEADLINES, promql } from './headlines';
import { steps, stepsUp, timeSeries } from './panels';
import { average, quantile, RATE, sel } from './queries';
import { threshold } from './thresholds';

type Panel = cog.Builder<dashboard.Panel>;

const route = sel(['route']);

/** Refusals per request, for routes that refused at all (the others would be flat zero lines). */
export const refusalRatio = `sum by (route) (rate(rag_refusals_total${route}[${RATE}])) / sum by (route) (rate(rag_requests_total${route}[${RATE}]))`;

/** The row's panels, in the order the dashboard lays them out, two per line. */
export function answerQualityPanels(thresholds: ReadonlyMap<string, number>) {
  const emptyLimit = threshold(thresholds, 'rag:threshold:empty_retrieval_ratio');
  const positiveLimit = threshold(thresholds, 'rag:threshold:positive_feedback_ratio');
  const spikeFactor = threshold(thresholds, 'rag:threshold:refusal_spike_factor');
  return {
    retrievalDepth: timeSeries({
      title: 'Retrieval depth',
      description:
        'Documents returned per retrieval, per source: the average and the median. A drop means the index or a similarity cut-off lets less through.',
      unit: 'short',
      queries: [
        {
          expr: average('rag_retrieval_documents', route, ['source']),
          legend: 'avg {{source}}',
        },
        {
          expr: quantile(0.5, 'rag_retrieval_documents', route, ['source']),
          legend: 'p50 {{source}}',
        },
      ],
      min: 0,
    }),
    emptyRetrievals: timeSeries({
      title: 'Empty retrievals %',
      description: `Share of retrievals that returned no document, per route. Alert above ${emptyLimit * 100} %.`,
      unit: 'percentunit',
      queries: [{ expr: promql(HEADLINES.emptyRetrievalRatio), legend: '{{route}}' }],
      thresholds: steps([emptyLimit, 'red']),
      min: 0,
      max: 1,
    }),
    evaluationScores: timeSeries({
      title: 'Evaluation scores (p50 / p10)',
      description:
        'Evaluator scores (0..1) per metric: the median, and the 10th percentile that shows the worst answers.',
      unit: 'percentunit',
      queries: [
        {
          expr: quantile(0.5, 'rag_evaluation_score', route, ['metric']),
          legend: 'p50 {{metric}}',
        },
        {
          expr: quantile(0.1, 'rag_evaluation_score', route, ['metric']),
          legend: 'p10 {{metric}}',
        },
      ],
      thresholds: stepsUp([0.5, 'orange'], [0.7, 'green']),
      min: 0,
      max: 1,
    }),
    refusals: timeSeries({
      title: 'Refusals %',
      description: `Share of requests where the model declined or said "I don't know", per route. RefusalSpike fires at ${spikeFactor}x the day's share.`,
      unit: 'percentunit',
      queries: [{ expr: refusalRatio, legend: '{{route}}' }],
      min: 0,
    }),
    guardrails: timeSeries({
      title: 'Guardrail actions',
      description:
        'Guardrail decisions per second, by guardrail and action (blocked, flagged, passed).',
      unit: 'ops',
      queries: [
        {
          expr: `sum by (guardrail, action) (rate(rag_guardrail_actions_total${route}[${RATE}]))`,
          legend: '{{guardrail}} {{action}}',
        },
      ],
      stacked: true,
      bars: true,
      min: 0,
    }),
    positiveFeedback: timeSeries({
      title: 'Positive feedback %',
      description: `Share of user ratings that were positive over the last hour, per model. LowPositiveFeedback fires below ${positiveLimit * 100} % once there are enough ratings.`,
      unit: 'percentunit',
      queries: [{ expr: promql(HEADLINES.positiveFeedbackRatio), legend: '{{model}}' }],
      thresholds: stepsUp([positiveLimit, 'green']),
      min: 0,
      max: 1,
    }),
  } satisfies Record<string, Panel>;
}
