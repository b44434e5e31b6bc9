import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DASHBOARD_FILE } from '../../infra/grafana/dashboard';
import {
  dashboardQueries,
  type PanelJson,
  substituteVariables,
} from '../helpers/dashboard-queries';
import {
  alertingRules,
  recordingRules,
  ruleFilesEvaluatedEverySecond,
} from '../helpers/infra-files';
import {
  type PrometheusServer,
  startPrometheus,
  waitForSeries,
} from '../helpers/prometheus-server';
import { requireBinary } from '../helpers/require-binary';
import { listen } from '../helpers/server';
import { createLiveApp } from './fixtures/live-app';
import { driveTraffic } from './fixtures/traffic';

/** The expression of an alert of alerts.yml, scoped to this test's scrape job. */
function alertExpr(name: string, severity: string): string {
  const rule = alertingRules().find((r) => r.alert === name && r.labels?.severity === severity);
  if (!rule) throw new Error(`alerts.yml has no ${name} with severity ${severity}`);
  return rule.expr;
}

const ERROR_ALERTS: [string, string][] = [
  ['HighErrorRate', 'critical'],
  ['ErrorBudgetBurn', 'critical'],
  ['ErrorBudgetBurn', 'warning'],
];

describe('infra against a real Prometheus scraping an instrumented app', function () {
  // Prometheus needs a few seconds to start, scrape and evaluate; every wait below is bounded.
  this.timeout(180_000);
  let app: Awaited<ReturnType<typeof listen>> | undefined;
  let prometheus: PrometheusServer | undefined;
  let rulesDir = '';

  before(async function () {
    requireBinary(this, 'prometheus');
    requireBinary(this, 'promtool');
    app = await listen(createLiveApp());
    rulesDir = mkdtempSync(join(tmpdir(), 'rag-rules-'));
    prometheus = await startPrometheus(
      [new URL(app.url).host],
      ruleFilesEvaluatedEverySecond(rulesDir),
    );
    await driveTraffic(app.url, 24, false);
    // The 5m error ratio exists once two scrapes and a rule evaluation have seen the traffic.
    await waitForSeries(prometheus, 'slo:sli_error:ratio_rate5m{job="rag-app",slo="availability"}');
  });

  after(async () => {
    await prometheus?.close();
    await app?.close();
    if (rulesDir) rmSync(rulesDir, { recursive: true, force: true });
  });

  it('should compute an error ratio of 0 under clean traffic (499 aborts included)', async () => {
    const ratio = await prometheus?.query(
      'slo:sli_error:ratio_rate5m{job="rag-app",slo="availability"}',
    );
    expect(ratio?.map((s) => Number(s.value[1]))).to.deep.equal([0]);
  });

  for (const [name, severity] of ERROR_ALERTS) {
    it(`should keep the ${name} (${severity}) expression false under clean traffic`, async () => {
      expect(await prometheus?.query(alertExpr(name, severity))).to.deep.equal([]);
    });
  }

  describe('after a burst of 50% errors', () => {
    before(async () => {
      if (!app || !prometheus) return;
      await driveTraffic(app.url, 24, true);
      await waitForSeries(
        prometheus,
        'slo:sli_error:ratio_rate5m{job="rag-app",slo="availability"} > 0.2',
      );
    });

    for (const [name, severity] of ERROR_ALERTS) {
      it(`should make the ${name} (${severity}) expression true for job rag-app`, async () => {
        const samples = prometheus
          ? await waitForSeries(prometheus, alertExpr(name, severity))
          : [];
        expect(samples.map((s) => s.metric.job)).to.deep.equal(['rag-app']);
      });
    }

    it('should return at least one series for every query of every dashboard panel', async () => {
      const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as { panels: PanelJson[] };
      const empty: string[] = [];
      for (const query of dashboardQueries(dashboard)) {
        const expr = substituteVariables(query.expr, '1m', '1h');
        const samples = prometheus ? await waitForSeries(prometheus, expr) : [];
        if (samples.length === 0) empty.push(`${query.panel} ${query.refId}: ${expr}`);
      }
      expect(empty, 'panels whose query returned no series').to.deep.equal([]);
    });

    it('should return data for every recording rule', async () => {
      const empty: string[] = [];
      for (const rule of recordingRules()) {
        const samples = prometheus ? await waitForSeries(prometheus, rule.record as string) : [];
        if (samples.length === 0) empty.push(rule.record as string);
      }
      expect(empty, 'recording rules without data').to.deep.equal([]);
    });

    it('promtool check metrics should accept the rag_* families of /metrics', async () => {
      const text = await (await fetch(`${app?.url}/metrics`)).text();
      const ragOnly = text
        .split('\n')
        .filter((line) => /^(# (HELP|TYPE) )?rag_/.test(line))
        .join('\n');
      expect(ragOnly).to.include('rag_requests_total');
      const result = spawnSync('promtool', ['check', 'metrics'], {
        input: `${ragOnly}\n`,
        encoding: 'utf8',
      });
      expect(result.status, `${result.stdout}${result.stderr}`).to.equal(0);
    });
  });
});
