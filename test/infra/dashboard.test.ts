import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { buildDashboard, DASHBOARD_FILE, DATASOURCE_UID } from '../../infra/grafana/dashboard';
import { stablePanelId } from '../../infra/grafana/panel-ids';
import { readThresholds } from '../../infra/grafana/thresholds';
import {
  dashboardQueries,
  type PanelJson,
  substituteVariables,
} from '../helpers/dashboard-queries';
import { INFRA, readYaml, recordingRules, withTempDir } from '../helpers/infra-files';
import { isContractSeries, metricNamesIn } from '../helpers/metric-contract';
import { requireBinary } from '../helpers/require-binary';
import { runTool } from '../helpers/run-tool';

interface PanelDetails {
  id?: number;
  type: string;
  title: string;
  fieldConfig?: {
    defaults?: {
      unit?: string;
      min?: number;
      max?: number;
      decimals?: number;
      thresholds?: { steps: { value: number | null; color: string }[] };
    };
  };
  targets?: { expr?: string; instant?: boolean; format?: string; legendFormat?: string }[];
}

const committed = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as {
  uid: string;
  panels: (PanelJson & PanelDetails)[];
  templating: { list: { name: string; type: string; current?: { value: unknown } }[] };
};
const queries = dashboardQueries(committed);

/** The id of "Error rate %" since ids were made stable; links to it carry this number. */
const EXPECTED_ERROR_RATE_ID = 1968024357;

/** The committed panel titled `title` (the time series when a stat shares its title). */
function panel(title: string, type?: string) {
  const found = committed.panels.find((p) => p.title === title && (!type || p.type === type));
  if (!found) throw new Error(`no panel ${JSON.stringify(title)}`);
  return found;
}

/** The thresholds of the dashboard built from `values` instead of thresholds.yml. */
function stepsOf(values: Map<string, number>, title: string) {
  const built = JSON.parse(JSON.stringify(buildDashboard(values))) as { panels: PanelDetails[] };
  return built.panels
    .find((p) => p.title === title)
    ?.fieldConfig?.defaults?.thresholds?.steps.map((step) => step.value);
}

describe('infra/grafana/dashboards/rag-overview.json', () => {
  it('should equal what infra/grafana/dashboard.ts generates (run `npm run infra:dashboard`)', () => {
    expect(committed).to.deep.equal(JSON.parse(JSON.stringify(buildDashboard())));
  });

  it('should have the seed panels plus stage latency, time to first token, spend today and context precision', () => {
    const titles = committed.panels.filter((p) => p.type !== 'row').map((p) => p.title);
    for (const title of [
      'Request latency p50 / p95 / p99',
      'Request rate and error rate',
      'Token usage',
      'Cost per query',
      'Total spend',
      'Cache hit rate %',
      'Error rate %',
      'Active requests',
      'Rate limit remaining: requests',
      'Rate limit remaining: tokens',
      'Relevance score',
      'Errors by type',
      'Stage latency p95 (retrieval vs generation)',
      'Time to first token',
      'Spend today by model',
      'Context precision',
    ]) {
      expect(titles).to.include(title);
    }
  });

  it('should have an Answer quality row with retrieval, evaluation, refusal, guardrail and feedback panels', () => {
    const titles = committed.panels.map((p) => p.title);
    const row = titles.indexOf('Answer quality');
    expect(row).to.be.greaterThan(-1);
    expect(titles.slice(row + 1, row + 7)).to.deep.equal([
      'Retrieval depth',
      'Empty retrievals %',
      'Evaluation scores (p50 / p10)',
      'Refusals %',
      'Guardrail actions',
      'Positive feedback %',
    ]);
  });

  it('should offer datasource, job, instance, route and model variables, defaulting to the provisioned data source', () => {
    const variables = committed.templating.list;
    expect(variables.map((v) => v.name)).to.deep.equal([
      'datasource',
      'job',
      'instance',
      'route',
      'model',
    ]);
    expect(variables[0]?.current?.value).to.equal(DATASOURCE_UID);
    const provisioned = readYaml<{ datasources: { uid: string }[] }>(
      join(INFRA, 'grafana', 'provisioning', 'datasources', 'prometheus.yml'),
    );
    expect(provisioned.datasources.map((d) => d.uid)).to.include(DATASOURCE_UID);
  });

  it('should show exemplars on the latency, time-to-first-token and cost panels, linked to traces by trace_id', () => {
    const withExemplars = committed.panels
      .filter((panel) =>
        ((panel as { targets?: { exemplar?: boolean }[] }).targets ?? []).some((t) => t.exemplar),
      )
      .map((panel) => panel.title);
    expect(withExemplars).to.deep.equal([
      'Request latency p50 / p95 / p99',
      'Time to first token',
      'Cost per query',
    ]);
    const provisioned = readYaml<{
      datasources: { jsonData?: { exemplarTraceIdDestinations?: unknown } }[];
    }>(join(INFRA, 'grafana', 'provisioning', 'datasources', 'prometheus.yml'));
    expect(provisioned.datasources[0]?.jsonData?.exemplarTraceIdDestinations).to.deep.equal([
      {
        name: 'trace_id',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's environment syntax
        datasourceUid: '${TRACING_DATASOURCE_UID}',
        urlDisplayLabel: 'View trace',
      },
    ]);
  });

  it('should give every panel a unit and the datasource variable', () => {
    for (const panel of committed.panels.filter((p) => p.type !== 'row')) {
      expect(panel.fieldConfig?.defaults?.unit, `${panel.title} unit`).to.be.a('string');
      expect(panel.datasource?.uid, `${panel.title} datasource`).to.equal('$datasource');
    }
  });

  it('should read only metrics of the contract, or series the shipped rules record, in its queries', () => {
    const recorded = new Set(recordingRules().map((rule) => rule.record));
    expect(queries).to.have.length.greaterThan(20);
    for (const query of queries) {
      const names = metricNamesIn(query.expr);
      expect(names, `${query.panel}: no metric`).to.not.be.empty;
      for (const name of names) {
        expect(
          isContractSeries(name) || recorded.has(name),
          `${query.panel} reads unknown metric ${name}`,
        ).to.equal(true);
      }
    }
  });

  it('should have an SLOs row with status, budget remaining and burn rate from the SLO recording rules', () => {
    const titles = committed.panels.map((p) => p.title);
    const row = titles.indexOf('SLOs');
    expect(titles.slice(row + 1, row + 4)).to.deep.equal([
      'SLO status',
      'Error budget remaining (30 d)',
      'Error budget burn rate',
    ]);
    expect(
      committed.panels
        .slice(row + 1, row + 4)
        .map((p) => metricNamesIn(p.targets?.[0]?.expr ?? '')),
    ).to.deep.equal([
      ['slo:period_error_budget_remaining:ratio'],
      ['slo:period_error_budget_remaining:ratio'],
      ['slo:current_burn_rate:ratio'],
    ]);
    const t = readThresholds();
    expect(stepsOf(t, 'Error budget burn rate')).to.deep.equal([
      null,
      t.get('rag:slo:burn_rate_6h'),
      t.get('rag:slo:burn_rate_1h'),
    ]);
  });

  it('should draw one bar per model in "Spend today by model" (an instant query per series, not one table)', () => {
    const [target] = panel('Spend today by model').targets ?? [];
    expect(target).to.deep.include({
      instant: true,
      format: 'time_series',
      legendFormat: '{{model}}',
    });
    expect(target?.expr).to.match(/^sum by \(model\) \(increase\(rag_cost_usd_total/);
  });

  it('should show tokens per second in "Token usage" and relevance on 0..1', () => {
    expect(panel('Token usage').fieldConfig?.defaults?.unit).to.equal('suffix: tokens/s');
    expect(panel('Relevance score').fieldConfig?.defaults).to.deep.include({
      unit: 'none',
      decimals: 2,
      min: 0,
      max: 1,
    });
  });

  it('should split "Rate limit remaining" by limit kind, each with its RateLimitWarning floor', () => {
    const floors = readThresholds();
    for (const limit of ['requests', 'tokens']) {
      const found = panel(`Rate limit remaining: ${limit}`);
      expect(found.targets?.[0]?.expr).to.equal(
        `min by (provider) (rag_rate_limit_remaining{job=~"$job",instance=~"$instance",limit="${limit}"})`,
      );
      expect(
        found.fieldConfig?.defaults?.thresholds?.steps.map((step) => step.value),
      ).to.deep.equal([null, floors.get(`rag:threshold:rate_limit_remaining_${limit}`)]);
    }
  });

  it('should take its threshold colours from thresholds.yml', () => {
    const values = readThresholds();
    values.set('rag:threshold:error_ratio', 0.2);
    values.set('rag:threshold:latency_p95_seconds', 8);
    values.set('rag:threshold:cost_usd_24h', 1000);
    values.set('rag:threshold:rate_limit_remaining_tokens', 777);
    expect(stepsOf(values, 'Error rate %')?.at(-1)).to.equal(0.2);
    expect(stepsOf(values, 'p95 latency')).to.deep.equal([null, 4, 8]);
    expect(stepsOf(values, 'Spend today')).to.deep.equal([null, 800, 1000]);
    expect(stepsOf(values, 'Rate limit remaining: tokens')).to.deep.equal([null, 777]);
  });

  it('should read the default of a threshold, not a per-job override, from thresholds.yml', () => {
    withTempDir('rag-thresholds-', (dir) => {
      const file = join(dir, 'thresholds.yml');
      writeFileSync(
        file,
        stringify({
          groups: [
            {
              name: 'rag-thresholds',
              rules: [
                { record: 'rag:threshold:error_ratio', expr: 'vector(0.05)' },
                {
                  record: 'rag:threshold:error_ratio',
                  labels: { job: 'checkout' },
                  expr: 'vector(0.01)',
                },
              ],
            },
          ],
        }),
      );
      expect(readThresholds(file).get('rag:threshold:error_ratio')).to.equal(0.05);
    });
  });

  it('should give every panel and row a stable id of its own, kept when panels move', () => {
    const ids = committed.panels.map((p) => p.id);
    expect(new Set(ids).size).to.equal(committed.panels.length);
    for (const p of committed.panels)
      expect(p.id, p.title).to.equal(stablePanelId(p.type, p.title));
    // Links already handed out (viewPanel=...) name these.
    expect(panel('Error rate %').id).to.equal(stablePanelId('timeseries', 'Error rate %'));
    expect(stablePanelId('timeseries', 'Error rate %')).to.equal(EXPECTED_ERROR_RATE_ID);
  });

  describe('with promtool', () => {
    before(function () {
      requireBinary(this, 'promtool');
    });

    it('should show $0, not "No data", in the spend stats while no call was priced', () => {
      const stats = ['Total spend', 'Spend today'].map((title) => panel(title, 'stat'));
      withTempDir('rag-spend-', (dir) => {
        const rules = join(dir, 'spend.yml');
        writeFileSync(
          rules,
          stringify({
            groups: [
              {
                name: 'spend-stats',
                rules: stats.map((stat, i) => ({
                  record: `dashboard:spend:${i}`,
                  expr: substituteVariables(stat.targets?.[0]?.expr ?? ''),
                })),
              },
            ],
          }),
        );
        const test = join(dir, 'spend.test.yml');
        writeFileSync(
          test,
          stringify({
            rule_files: [rules],
            evaluation_interval: '1m',
            tests: [
              {
                interval: '1m',
                // Requests, but no priced call: the app exposes no rag_cost_usd_total series yet.
                input_series: [{ series: 'rag_requests_total{job="rag-app"}', values: '0+5x10' }],
                alert_rule_test: [],
                promql_expr_test: stats.map((_, i) => ({
                  expr: `dashboard:spend:${i}`,
                  eval_time: '10m',
                  exp_samples: [{ labels: `dashboard:spend:${i}`, value: 0 }],
                })),
              },
            ],
          }),
        );
        const result = runTool('promtool', ['test', 'rules', test]);
        expect(result.status, result.output).to.equal(0);
      });
    });

    it('should have only queries that parse as PromQL once variables are substituted', () => {
      // promtool parses no bare expression, so each query becomes a recording rule.
      const rules = {
        groups: [
          {
            name: 'dashboard-queries',
            rules: queries.map((query, i) => ({
              record: `dashboard:query:${i}`,
              expr: substituteVariables(query.expr),
            })),
          },
        ],
      };
      const dir = mkdtempSync(join(tmpdir(), 'rag-dashboard-'));
      try {
        const file = join(dir, 'dashboard-queries.yml');
        writeFileSync(file, stringify(rules));
        const result = runTool('promtool', ['check', 'rules', file]);
        expect(result.status, result.output).to.equal(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
