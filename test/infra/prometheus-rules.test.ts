import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect } from 'chai';
import { DASHBOARD_FILE } from '../../infra/grafana/dashboard';
import { OPTIONAL_INPUTS } from '../../infra/prometheus/generator/config';
import { RULES_DIR, ruleFiles } from '../../infra/prometheus/generator/rule-files';
import { dashboardQueries, type PanelJson } from '../helpers/dashboard-queries';
import {
  alertingRules,
  allRules,
  INFRA,
  PROMETHEUS_DIR,
  RULE_FILES,
  RULE_TEST_DIR,
  readYaml,
  recordingRules,
} from '../helpers/infra-files';
import { isContractSeries, isPrometheusSeries, metricNamesIn } from '../helpers/metric-contract';
import { requireBinary } from '../helpers/require-binary';
import { runTool } from '../helpers/run-tool';

/**
 * Recorded for the dashboard's SLO row (burn rate now, budget left), which the dashboard half of
 * issue 16 adds; drop them from this list once the dashboard reads them.
 */
const SLO_ROW_SERIES = ['slo:current_burn_rate:ratio', 'slo:period_error_budget_remaining:ratio'];

const testFiles = readdirSync(RULE_TEST_DIR)
  .filter((f) => f.endsWith('.test.yml'))
  .map((f) => join(RULE_TEST_DIR, f));

describe('infra/prometheus with promtool', () => {
  before(function () {
    requireBinary(this, 'promtool');
  });

  it('promtool check config should accept prometheus.yml and its rule files', () => {
    const result = runTool('promtool', ['check', 'config', 'prometheus.yml'], PROMETHEUS_DIR);
    expect(result.status, result.output).to.equal(0);
  });

  it('promtool check rules should accept every rule file', () => {
    const result = runTool('promtool', ['check', 'rules', ...RULE_FILES]);
    expect(result.status, result.output).to.equal(0);
  });

  it('should have unit tests in infra/prometheus/tests', () => {
    expect(testFiles).to.have.length.greaterThan(0);
  });

  for (const file of testFiles) {
    it(`promtool test rules should pass ${basename(file)}`, function () {
      // Each file replays minutes to hours of rule evaluations; on a busy machine that takes a while.
      this.timeout(180_000);
      const result = runTool('promtool', ['test', 'rules', file]);
      expect(result.status, result.output).to.equal(0);
    });
  }
});

describe('infra/prometheus/rules generated files', () => {
  for (const [name, text] of Object.entries(ruleFiles())) {
    it(`${name} should equal what infra/prometheus/generator generates (run \`npm run infra:rules\`)`, () => {
      expect(readFileSync(join(RULES_DIR, name), 'utf8')).to.equal(text);
    });
  }
});

describe('infra/prometheus rule files', () => {
  interface TestFile {
    tests: {
      promql_expr_test?: { expr: string }[];
      alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[];
    }[];
  }
  const tests = testFiles.flatMap((file) => readYaml<TestFile>(file).tests);
  const alertChecks = tests.flatMap((t) => t.alert_rule_test ?? []);
  const testedExprs = tests.flatMap((t) => (t.promql_expr_test ?? []).map((e) => e.expr));

  it('should unit-test every recording rule with an expression test', () => {
    const untested = recordingRules()
      .map((rule) => rule.record as string)
      .filter((name) => !testedExprs.some((expr) => metricNamesIn(expr).includes(name)));
    expect(untested, 'recording rules no promql_expr_test reads').to.deep.equal([]);
  });

  it('should unit-test every alert both firing and silent', () => {
    for (const name of new Set(alertingRules().map((rule) => rule.alert as string))) {
      const checks = alertChecks.filter((check) => check.alertname === name);
      expect(
        checks.some((c) => c.exp_alerts.length > 0),
        `${name} never expected to fire`,
      ).to.equal(true);
      // The Watchdog fires always, by design: there is no case where it must be silent.
      if (name === 'Watchdog') continue;
      expect(
        checks.some((c) => c.exp_alerts.length === 0),
        `${name} never expected silent`,
      ).to.equal(true);
    }
  });

  it('should record only series that a rule or a dashboard query reads', () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as { panels: PanelJson[] };
    const readers = [
      ...allRules().map((rule) => rule.expr),
      ...dashboardQueries(dashboard).map((query) => query.expr),
    ];
    const unread = recordingRules()
      .map((rule) => rule.record as string)
      .filter((name) => !SLO_ROW_SERIES.includes(name))
      .filter((name) => !readers.some((expr) => metricNamesIn(expr).includes(name)));
    expect([...new Set(unread)], 'recorded series nothing reads').to.deep.equal([]);
  });

  it('should read only contract metrics, recording rules, up and the optional inputs thresholds.yml documents', () => {
    const records = new Set<string | undefined>([
      ...recordingRules().map((rule) => rule.record),
      ...OPTIONAL_INPUTS,
    ]);
    for (const rule of allRules()) {
      for (const name of metricNamesIn(rule.expr)) {
        const known = isContractSeries(name) || isPrometheusSeries(name) || records.has(name);
        expect(known, `${rule.record ?? rule.alert} reads unknown metric ${name}`).to.equal(true);
      }
    }
  });

  it('should give every alert a for, a severity, a summary, a description with its value, a runbook section and a dashboard link', () => {
    const runbook = readFileSync(join(INFRA, 'RUNBOOK.md'), 'utf8');
    const anchors = new Set(
      [...runbook.matchAll(/^#{2,3} (.+)$/gm)].map((m) =>
        (m[1] ?? '')
          .trim()
          .toLowerCase()
          .replace(/[^\w\- ]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    for (const rule of alertingRules()) {
      const name = rule.alert as string;
      expect(rule.for, `${name} for`).to.match(/^\d+[smh]$/);
      // Only the Watchdog, which always fires, pages and tickets nobody.
      const severities = name === 'Watchdog' ? ['none'] : ['critical', 'warning'];
      expect(rule.labels?.severity, `${name} severity`).to.be.oneOf(severities);
      expect(rule.annotations?.summary, `${name} summary`).to.be.a('string').and.not.be.empty;
      expect(rule.annotations?.description, `${name} description`).to.include('$value');
      const runbookLink = rule.annotations?.runbook_url ?? '';
      expect(runbookLink, `${name} runbook_url`).to.match(/^https:\/\/.+\/infra\/RUNBOOK\.md#/);
      const anchor = runbookLink.split('#')[1] ?? '';
      expect(anchors.has(anchor), `RUNBOOK.md has no section #${anchor} for ${name}`).to.equal(
        true,
      );
      expect(rule.annotations?.dashboard_url, `${name} dashboard_url`).to.match(
        /^http:\/\/localhost:3000\/d\/rag-overview/,
      );
    }
  });

  it('should show concrete PromQL and actions in the RUNBOOK.md section of every alert', () => {
    const runbook = readFileSync(join(INFRA, 'RUNBOOK.md'), 'utf8');
    for (const name of new Set(alertingRules().map((rule) => rule.alert as string))) {
      const section = runbook.split(/^## /m).find((s) => s.startsWith(`${name}\n`)) ?? '';
      expect(section, `RUNBOOK.md ## ${name}`).to.not.equal('');
      expect(section, `RUNBOOK.md ## ${name} PromQL`).to.match(
        /```promql\n[^`]*[a-z_]+[({][^`]*```/,
      );
      expect(section, `RUNBOOK.md ## ${name} actions`).to.include('**Do:**');
    }
  });
});
