import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { buildDashboard, DASHBOARD_FILE, DATASOURCE_UID } from '../../infra/grafana/dashboard';
import {
  dashboardQueries,
  type PanelJson,
  substituteVariables,
} from '../helpers/dashboard-queries';
import { INFRA, readYaml } from '../helpers/infra-files';
import { isContractSeries, metricNamesIn } from '../helpers/metric-contract';
import { requireBinary } from '../helpers/require-binary';
import { runTool } from '../helpers/run-tool';

const committed = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as {
  uid: string;
  panels: PanelJson[];
  templating: { list: { name: string; type: string; current?: { value: unknown } }[] };
};
const queries = dashboardQueries(committed);

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
      'Rate limit remaining',
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

  it('should read only metrics of the contract in its queries', () => {
    expect(queries).to.have.length.greaterThan(20);
    for (const query of queries) {
      const names = metricNamesIn(query.expr);
      expect(names, `${query.panel}: no metric`).to.not.be.empty;
      for (const name of names) {
        expect(isContractSeries(name), `${query.panel} reads unknown metric ${name}`).to.equal(
          true,
        );
      }
    }
  });

  describe('with promtool', () => {
    before(function () {
      requireBinary(this, 'promtool');
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
