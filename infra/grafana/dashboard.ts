/**
 * The RAG overview dashboard as code. `npm run infra:dashboard` writes it to
 * dashboards/rag-overview.json; test/infra/dashboard.test.ts fails when the two differ.
 *
 * Built with @grafana/grafana-foundation-sdk: its builders are typed against Grafana's own
 * schema, so a misspelt option or a panel type's wrong field fails `tsc`, which plain object
 * literals would let through to a blank panel.
 */

import { join } from 'node:path';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { HEADLINES, promql } from './headlines';
import { withStablePanelIds } from './panel-ids';
import { bars, DATASOURCE, labelTable, singleStat, steps, stepsUp, timeSeries } from './panels';
import { answerQualityPanels } from './quality-panels';
import { average, clientAbortRate, quantile, RATE, sel, serverErrorRate } from './queries';
import { sloPanels } from './slo-panels';
import { readThresholds, threshold } from './thresholds';

export const DASHBOARD_FILE = join(__dirname, 'dashboards', 'rag-overview.json');
/** uid of the data source that provisioning/datasources/prometheus.yml creates. */
export const DATASOURCE_UID = 'rag-prometheus';

/** A multi-value variable whose "All" is the regex `.*`, so `label=~"$var"` always parses. */
function labelVariable(name: string, label: string, query: string): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ text: 'All', value: '$__all' })
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
}

/** The dashboard, its threshold colours taken from `t` (thresholds.yml by default). */
export function buildDashboard(
  t: ReadonlyMap<string, number> = readThresholds(),
): dashboard.Dashboard {
  const latency = threshold(t, 'rag:threshold:latency_p95_seconds');
  const errors = threshold(t, 'rag:threshold:error_ratio');
  const cacheHits = threshold(t, 'rag:threshold:cache_hit_ratio');
  const dailyBudget = threshold(t, 'rag:threshold:cost_usd_24h');
  const requestsLeft = threshold(t, 'rag:threshold:rate_limit_remaining_requests');
  const tokensLeft = threshold(t, 'rag:threshold:rate_limit_remaining_tokens');
  const budget = threshold(t, 'rag:slo:error_budget_ratio');
  const quality = answerQualityPanels(t);
  const slo = sloPanels(t);
  // The slow paging tier's burn rate: at this error ratio the 6h ErrorBudgetBurn page fires.
  const slowBurn = budget * threshold(t, 'rag:slo:burn_rate_6h');

  const route = sel(['route']);
  const cost = `rag_cost_usd_total${sel(['model'])}`;
  const fallbackTokens = `rag_fallback_priced_tokens_total${sel(['model'])}`;
  // `or vector(0)`: a range without any priced call spent $0, which "No data" does not say.
  const spend = `${promql(HEADLINES.totalSpend)} or vector(0)`;

  return withStablePanelIds(
    new dashboard.DashboardBuilder('RAG service overview')
      .uid('rag-overview')
      .description(
        'Latency, traffic, errors, tokens, cost, cache and answer quality of services instrumented with rag-metrics.',
      )
      .tags(['rag', 'llm', 'rag-metrics'])
      .editable()
      .tooltip(dashboard.DashboardCursorSync.Crosshair)
      .refresh('30s')
      .time({ from: 'now-3h', to: 'now' })
      .timezone('browser')
      .withVariable(
        new dashboard.DatasourceVariableBuilder('datasource')
          .label('Data source')
          .type('prometheus')
          .current({ text: 'Prometheus', value: DATASOURCE_UID }),
      )
      .withVariable(labelVariable('job', 'Job', 'label_values(rag_service_info, job)'))
      .withVariable(
        labelVariable(
          'instance',
          'Instance',
          'label_values(rag_service_info{job=~"$job"}, instance)',
        ),
      )
      .withVariable(
        labelVariable(
          'route',
          'Route',
          'label_values(rag_requests_total{job=~"$job",instance=~"$instance"}, route)',
        ),
      )
      .withVariable(
        labelVariable(
          'model',
          'Model',
          'label_values(rag_tokens_total{job=~"$job",instance=~"$instance"}, model)',
        ),
      )

      // Headline numbers over the selected range.
      .withRow(new dashboard.RowBuilder('At a glance'))
      .withPanel(
        singleStat({
          title: 'Requests per second',
          description: 'All requests, any status.',
          unit: 'reqps',
          queries: [{ expr: promql(HEADLINES.requestRate) }],
        }),
      )
      .withPanel(
        singleStat({
          title: 'Error rate',
          description: `5xx share of answered requests (499 client aborts excluded). Alert at ${errors * 100} %.`,
          unit: 'percentunit',
          queries: [{ expr: promql(HEADLINES.errorRatio) }],
          thresholds: steps([slowBurn, 'orange'], [errors, 'red']),
        }),
      )
      .withPanel(
        singleStat({
          title: 'p95 latency',
          description: `95th percentile request duration. Alert above ${latency} s.`,
          unit: 's',
          queries: [{ expr: promql(HEADLINES.latencyP95) }],
          thresholds: steps([latency / 2, 'orange'], [latency, 'red']),
        }),
      )
      .withPanel(
        singleStat({
          title: 'Active requests',
          description: 'Requests in flight now, all selected instances.',
          unit: 'short',
          queries: [{ expr: `sum(rag_active_requests${sel()})` }],
        }),
      )
      .withPanel(
        singleStat({
          title: 'Total spend',
          description: 'USD spent on LLM calls over the selected time range.',
          unit: 'currencyUSD',
          queries: [{ expr: spend, instant: true }],
          thresholds: steps([dailyBudget * 0.8, 'orange'], [dailyBudget, 'red']),
        }),
      )
      .withPanel(
        singleStat({
          title: 'Spend today',
          description: `USD spent since midnight. The daily budget of the HighCostBurn alert is $${dailyBudget}.`,
          unit: 'currencyUSD',
          queries: [{ expr: spend, instant: true }],
          thresholds: steps([dailyBudget * 0.8, 'orange'], [dailyBudget, 'red']),
          timeFrom: 'now/d',
        }),
      )

      .withRow(new dashboard.RowBuilder('SLOs'))
      .withPanel(slo.status)
      .withPanel(slo.budget)
      .withPanel(slo.burn)

      .withRow(new dashboard.RowBuilder('Latency and traffic'))
      .withPanel(
        timeSeries({
          title: 'Request latency p50 / p95 / p99',
          description:
            'Quantiles of request duration, buckets of all selected instances summed first.',
          unit: 's',
          queries: [
            { expr: promql(HEADLINES.latencyP50), legend: 'p50' },
            { expr: promql(HEADLINES.latencyP95), legend: 'p95' },
            {
              expr: quantile(0.99, 'rag_request_duration_seconds', route),
              legend: 'p99',
              exemplar: true,
            },
          ],
          thresholds: steps([latency, 'red']),
          min: 0,
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Request rate and error rate',
          description: 'Requests per second, of which 5xx errors and 499 client aborts.',
          unit: 'reqps',
          queries: [
            { expr: promql(HEADLINES.requestRate), legend: 'requests' },
            { expr: serverErrorRate, legend: '5xx errors' },
            { expr: clientAbortRate, legend: '499 client aborts' },
          ],
          min: 0,
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Stage latency p95 (retrieval vs generation)',
          description: 'Where the time goes: 95th percentile of each timed stage.',
          unit: 's',
          queries: [
            {
              expr: quantile(0.95, 'rag_stage_duration_seconds', route, ['stage']),
              legend: '{{stage}}',
            },
          ],
          min: 0,
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Time to first token',
          description: 'How long users wait for the first streamed token, per model.',
          unit: 's',
          queries: [
            {
              expr: quantile(0.5, 'rag_time_to_first_token_seconds', sel(['route', 'model']), [
                'model',
              ]),
              legend: 'p50 {{model}}',
            },
            { expr: promql(HEADLINES.firstTokenP95), legend: 'p95 {{model}}', exemplar: true },
          ],
          min: 0,
        }),
      )

      .withRow(new dashboard.RowBuilder('Errors'))
      .withPanel(
        timeSeries({
          title: 'Error rate %',
          description: `5xx share of answered requests; the red line is the HighErrorRate threshold, the orange one the 6h page's burn rate times the error budget of the ${(1 - budget) * 100} % SLO.`,
          unit: 'percentunit',
          queries: [{ expr: promql(HEADLINES.errorRatio), legend: 'error ratio' }],
          thresholds: steps([slowBurn, 'orange'], [errors, 'red']),
          min: 0,
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Errors by type',
          description:
            'Errors per second by class name (TypeError, http_503, client_aborted, ...).',
          unit: 'ops',
          queries: [
            {
              expr: `sum by (error_type) (rate(rag_errors_total${route}[${RATE}]))`,
              legend: '{{error_type}}',
            },
          ],
          stacked: true,
          bars: true,
          min: 0,
        }),
      )

      .withRow(new dashboard.RowBuilder('Tokens and cost'))
      .withPanel(
        timeSeries({
          title: 'Token usage',
          description:
            'Tokens per second by model and type; cached_input is the part of input served from the provider cache.',
          unit: 'suffix: tokens/s',
          queries: [{ expr: promql(HEADLINES.tokenRate), legend: '{{model}} {{type}}' }],
          min: 0,
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Cost per query',
          description:
            'Average and 95th-percentile USD per request that called a model, per model; the dots are exemplars, each linked to a trace.',
          unit: 'currencyUSD',
          queries: [
            {
              expr: average('rag_request_cost_usd', sel(['model']), ['model']),
              legend: '{{model}}',
            },
            {
              expr: quantile(0.95, 'rag_request_cost_usd', sel(['model']), ['model']),
              legend: 'p95 {{model}}',
              exemplar: true,
            },
          ],
          min: 0,
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Spend rate per hour',
          description:
            'USD per hour at the current pace, per model (stacked: the top is the total).',
          unit: 'currencyUSD',
          queries: [{ expr: promql(HEADLINES.spendPerHour), legend: '{{model}}' }],
          thresholds: steps([dailyBudget / 24, 'red']),
          stacked: true,
          min: 0,
        }),
      )
      .withPanel(
        bars({
          title: 'Spend today by model',
          description: 'USD spent since midnight, per model.',
          unit: 'currencyUSD',
          queries: [
            {
              expr: `sum by (model) (increase(${cost}[$__range]))`,
              legend: '{{model}}',
              instant: true,
            },
          ],
          thresholds: steps([dailyBudget * 0.8, 'orange'], [dailyBudget, 'red']),
          timeFrom: 'now/d',
        }),
      )
      .withPanel(
        singleStat({
          title: 'Spend at fallback prices',
          description:
            'USD over the selected range spent on models no price is known for, priced at the fallback rate (COST_PER_1K_*). Above 0: add those models to `pricing` (RUNBOOK.md).',
          unit: 'currencyUSD',
          queries: [
            {
              // Per model, the spend of models that had tokens priced at the fallback rate.
              expr: `sum(increase(${cost}[$__range]) and (increase(${fallbackTokens}[$__range]) > 0))`,
              instant: true,
            },
          ],
          thresholds: steps([Number.MIN_VALUE, 'orange']),
        }),
      )

      .withRow(new dashboard.RowBuilder('Cache, load and relevance'))
      .withPanel(
        timeSeries({
          title: 'Cache hit rate %',
          description: `Share of cache lookups that hit, per cache. Alert below ${cacheHits * 100} %.`,
          unit: 'percentunit',
          queries: [{ expr: promql(HEADLINES.cacheHitRatio), legend: '{{cache_type}}' }],
          thresholds: stepsUp([cacheHits, 'green']),
          min: 0,
          max: 1,
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Active requests',
          description:
            'Requests in flight per instance: a spike with flat throughput means a stall.',
          unit: 'short',
          queries: [
            { expr: `sum by (instance) (rag_active_requests${sel()})`, legend: '{{instance}}' },
          ],
          min: 0,
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Relevance score',
          description: 'Average relevance (0..1) of answers, per route.',
          unit: 'none',
          decimals: 2,
          queries: [{ expr: promql(HEADLINES.relevance), legend: '{{route}}' }],
          thresholds: stepsUp([0.5, 'orange'], [0.7, 'green']),
          min: 0,
          max: 1,
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Context precision',
          description: 'Average share (0..1) of retrieved passages the answer used, per route.',
          unit: 'percentunit',
          queries: [
            { expr: average('rag_context_precision', route, ['route']), legend: '{{route}}' },
          ],
          thresholds: stepsUp([0.5, 'orange'], [0.7, 'green']),
          min: 0,
          max: 1,
        }),
      )

      .withRow(new dashboard.RowBuilder('Answer quality'))
      .withPanel(quality.retrievalDepth)
      .withPanel(quality.emptyRetrievals)
      .withPanel(quality.evaluationScores)
      .withPanel(quality.refusals)
      .withPanel(quality.guardrails)
      .withPanel(quality.positiveFeedback)

      .withRow(new dashboard.RowBuilder('Provider limits and instrumentation'))
      // Requests and tokens left differ by orders of magnitude: one axis would flatten one of them.
      .withPanel(rateLimitRemaining('requests', requestsLeft))
      .withPanel(rateLimitRemaining('tokens', tokensLeft))
      .withPanel(
        timeSeries({
          title: 'Rate-limit hits',
          description: '429 answers from providers per second.',
          unit: 'ops',
          queries: [
            {
              expr: `sum by (provider) (rate(rag_rate_limit_hits_total${sel()}[${RATE}]))`,
              legend: '{{provider}}',
            },
          ],
          bars: true,
          min: 0,
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Rejected metric values',
          description:
            'Values the library dropped (invalid numbers, labels over the cardinality cap). Anything here means lost data: see the app log.',
          unit: 'short',
          queries: [
            {
              expr: `sum by (reason) (increase(rag_metrics_rejected_total${sel()}[${RATE}]))`,
              legend: '{{reason}}',
            },
          ],
          thresholds: steps([1, 'red']),
          bars: true,
          min: 0,
        }),
      )
      .withPanel(
        labelTable({
          title: 'Service versions',
          description: 'Which version runs on which instance.',
          unit: 'short',
          queries: [
            {
              expr: `max by (job, instance, service, environment, version) (rag_service_info${sel()})`,
              instant: true,
            },
          ],
        }),
      )
      .build(),
  );
}

/** Provider quota left for one kind of limit, with the RateLimitWarning floor of thresholds.yml. */
function rateLimitRemaining(limit: 'requests' | 'tokens', floor: number) {
  return timeSeries({
    title: `Rate limit remaining: ${limit}`,
    description: `Provider ${limit} left in the current window, lowest reading per provider. Alert below ${floor} ${limit}.`,
    unit: 'short',
    queries: [
      {
        expr: `min by (provider) (rag_rate_limit_remaining${sel([], `limit="${limit}"`)})`,
        legend: '{{provider}}',
      },
    ],
    thresholds: stepsUp([floor, 'green']),
    min: 0,
  });
}

/** The committed file's exact text: stable key order, two-space indent, final newline. */
export function dashboardJson(): string {
  return `${JSON.stringify(buildDashboard(), null, 2)}\n`;
}
