import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { DASHBOARD_FILE } from '../../infra/grafana/dashboard';
import {
  dashboardQueries,
  type PanelJson,
  substituteVariables,
} from '../helpers/dashboard-queries';
import { INFRA, recordingRules, ruleFilesEvaluatedEverySecond } from '../helpers/infra-files';
import { instantQuery } from '../helpers/prom-api';
import type { PromSample } from '../helpers/prometheus-server';
import { requireBinary } from '../helpers/require-binary';
import { runTool } from '../helpers/run-tool';
import { SCALE_CONFIG, scaleTestConfig } from '../helpers/scale-config';
import { Exposition } from '../helpers/scrape';
import { eventually, listen } from '../helpers/server';
import { freePort, type SpawnedService, spawnService } from '../helpers/spawned-service';
import { startVictoriaMetrics } from '../helpers/victoria-metrics';
import { createLiveApp } from './fixtures/live-app';
import { driveTraffic, requestsPerRound } from './fixtures/traffic';

const ROUNDS = 12;
const PER_ROUND = requestsPerRound(true);
/** Every rag_* series the instances exposed. */
const RAW_SERIES = '{__name__=~"rag_.+",job="rag-app"}';

/**
 * The totals behind a panel: its query with every `rate(x[w])` / `increase(x[w])` replaced by the
 * counter `x` itself. Rates are not compared as such: MetricsQL computes `rate` and `increase`
 * without Prometheus's extrapolation to the window's edges (by design, see VictoriaMetrics'
 * MetricsQL docs), so the two stores legitimately differ there even on identical data.
 */
function totalsOf(expr: string): string {
  return expr.replace(/\b(?:rate|irate|increase)\(([^()[\]]+)\[[^\]]+\]\)/g, '$1');
}

/** Results as comparable rows: labels without the external ones (only the store has those), sorted. */
function rows(samples: readonly PromSample[], external: readonly string[]) {
  return samples
    .map((sample) => {
      const labels = Object.fromEntries(
        Object.entries(sample.metric).filter(([name]) => !external.includes(name)),
      );
      return { labels: JSON.stringify(labels, Object.keys(labels).sort()), value: sample.value[1] };
    })
    .sort((a, b) => a.labels.localeCompare(b.labels));
}

/** Same value: sums of floats may differ in the last bits with summation order. */
function sameValue(a: string, b: string): boolean {
  const [x, y] = [Number(a), Number(b)];
  if (!Number.isFinite(x)) return a === b;
  return Math.abs(x - y) <= Math.abs(x) * 1e-9;
}

type Rows = ReturnType<typeof rows>;

function sameRows(a: Rows, b: Rows): boolean {
  return (
    a.length === b.length &&
    a.every((row, i) => row.labels === b[i]?.labels && sameValue(row.value, b[i]?.value ?? ''))
  );
}

/** Same series, same values. */
function expectSame(what: string, fromPrometheus: Rows, fromStore: Rows) {
  expect(
    fromStore.map((r) => r.labels),
    `${what}: series`,
  ).to.deep.equal(fromPrometheus.map((r) => r.labels));
  fromPrometheus.forEach((row, i) => {
    const other = fromStore[i]?.value ?? '';
    expect(sameValue(row.value, other), `${what} ${row.labels}: ${other} vs ${row.value}`).to.equal(
      true,
    );
  });
}

describe('infra/scale: Prometheus with file_sd and remote_write to VictoriaMetrics', function () {
  // Two services start, traffic runs ~5 s, then the store catches up; every wait is bounded.
  this.timeout(180_000);
  const apps: Awaited<ReturnType<typeof listen>>[] = [];
  let dir = '';
  let store: SpawnedService | undefined;
  let prometheus: SpawnedService | undefined;
  let external: string[] = [];
  /** One evaluation time for both, after the last sample of the traffic reached both. */
  let at = 0;

  before(async function () {
    requireBinary(this, 'prometheus');
    requireBinary(this, 'victoria-metrics');
    dir = mkdtempSync(join(tmpdir(), 'rag-scale-'));
    apps.push(await listen(createLiveApp()), await listen(createLiveApp()));

    store = await startVictoriaMetrics(dir);
    const storeUrl = store.url;
    const targetsFile = join(dir, 'rag-app.json');
    writeFileSync(
      targetsFile,
      JSON.stringify([{ targets: apps.map((app) => new URL(app.url).host) }]),
    );
    const config = scaleTestConfig({
      targetsFile,
      writeUrl: `${storeUrl}/api/v1/write`,
      // Every group at the test's 1 s: the SLO row reads the 1-3 min groups' series.
      ruleFiles: ruleFilesEvaluatedEverySecond(dir),
    });
    external = Object.keys(config.global.external_labels);
    writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
    const promPort = await freePort();
    prometheus = await spawnService(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'prometheus')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ],
      `http://127.0.0.1:${promPort}`,
      '/-/ready',
    );

    await Promise.all(apps.map((app) => driveTraffic(app.url, ROUNDS, true)));
    // What the instances counted, once the aborted requests are recorded too. (driveTraffic's
    // aborts give up after 50 ms, so on a loaded machine one may never reach the server.)
    let sent = 0;
    for (const app of apps) {
      let exposition = new Exposition('');
      await eventually(async () => {
        exposition = new Exposition(await (await fetch(`${app.url}/metrics`)).text());
        return exposition.value('rag_active_requests') === 0;
      }, 'the instances to finish their requests');
      for (const labels of exposition.series('rag_requests_total')) {
        sent += exposition.value('rag_requests_total', labels) ?? 0;
      }
    }
    expect(sent).to.be.within(
      apps.length * ROUNDS * (PER_ROUND - 1),
      apps.length * ROUNDS * PER_ROUND,
    );
    const total = async (url: string, time: number) =>
      Number(
        (await instantQuery(url, 'sum(rag_requests_total{job="rag-app"})', time))[0]?.value[1] ?? 0,
      );
    // Prometheus has scraped everything both instances counted...
    for (let attempt = 0; (await total(prometheus.url, Date.now() / 1000)) !== sent; attempt++) {
      if (attempt > 120) throw new Error(`Prometheus never counted the ${sent} requests served`);
      await sleep(500);
    }
    // A whole second later, so that `at` falls after the scrape that saw the last request.
    await sleep(1500);
    at = Math.floor(Date.now() / 1000);
    expect(await total(prometheus.url, at)).to.equal(sent);
    // ...and the store has received every series through remote_write, up to the evaluation time.
    // remote_write shards by series, so one family can arrive a moment after another.
    const raw = async (url: string) => rows(await instantQuery(url, RAW_SERIES, at), external);
    const expected = await raw(prometheus.url);
    for (let attempt = 0; !sameRows(expected, await raw(store.url)); attempt++) {
      if (attempt > 120) throw new Error('VictoriaMetrics never held what Prometheus holds');
      await sleep(500);
    }
  });

  after(async () => {
    await prometheus?.close();
    await store?.close();
    for (const app of apps) await app.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should discover both instances from the file_sd file', async () => {
    const up = await instantQuery(prometheus?.url ?? '', 'up{job="rag-app"} == 1', at);
    expect(up.map((s) => s.metric.instance).sort()).to.deep.equal(
      apps.map((a) => new URL(a.url).host).sort(),
    );
  });

  it('should hold exactly the rag_* series Prometheus holds, with the same values', async () => {
    const fromPrometheus = rows(
      await instantQuery(prometheus?.url ?? '', RAW_SERIES, at),
      external,
    );
    expect(fromPrometheus.length).to.be.greaterThan(100);
    expectSame(
      'rag_* series',
      fromPrometheus,
      rows(await instantQuery(store?.url ?? '', RAW_SERIES, at), external),
    );
  });

  it('should give every dashboard panel the same totals from VictoriaMetrics as from Prometheus', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as { panels: PanelJson[] };
    const queries = dashboardQueries(dashboard);
    expect(queries.length).to.be.greaterThan(20);
    for (const query of queries) {
      const expr = totalsOf(substituteVariables(query.expr, '1m', '1h'));
      const fromPrometheus = rows(await instantQuery(prometheus?.url ?? '', expr, at), external);
      // The SLO row reads the period's mean of 5-minute error ratios. Prometheus first scrapes the
      // counters after the traffic has ended, so it sees no increase: every window is idle, has
      // no ratio, and both stores must agree that the row has no data yet.
      if (!/slo:(period_|current_burn_rate)/.test(expr)) {
        expect(fromPrometheus, `${query.panel}: ${expr}`).to.not.deep.equal([]);
      }
      expectSame(
        `${query.panel} ${query.refId}: ${expr}`,
        fromPrometheus,
        rows(await instantQuery(store?.url ?? '', expr, at), external),
      );
    }
  });

  it("should forward the recording rules' series too", async () => {
    // A ratio rule over an idle window evaluates to NaN; VictoriaMetrics takes NaN samples for
    // Prometheus staleness markers and stores no value, so only numbers are compared.
    const labelSets = async (url: string, name: string) =>
      JSON.stringify(
        rows(await instantQuery(url, name, at), external)
          .filter((r) => r.value !== 'NaN')
          .map((r) => r.labels),
      );
    let missing: string[] = [];
    // Rule results are written on their own schedule, after the scraped samples waited for above.
    for (let attempt = 0; attempt < 20; attempt++) {
      missing = [];
      for (const rule of recordingRules()) {
        const name = rule.record as string;
        const expected = await labelSets(prometheus?.url ?? '', name);
        if ((await labelSets(store?.url ?? '', name)) !== expected) missing.push(name);
      }
      if (missing.length === 0) break;
      await sleep(500);
    }
    expect(missing, 'recorded series whose label sets differ').to.deep.equal([]);
  });
});

describe('infra/scale/prometheus.yml with promtool', () => {
  it('promtool check config should accept it, laid out as its comments say', function () {
    requireBinary(this, 'promtool');
    // The rules are mounted next to it at rules/, as in the Prometheus container.
    const dir = mkdtempSync(join(tmpdir(), 'rag-scale-config-'));
    try {
      cpSync(SCALE_CONFIG, join(dir, 'prometheus.yml'));
      cpSync(join(INFRA, 'scale', 'targets'), join(dir, 'targets'), { recursive: true });
      cpSync(join(INFRA, 'prometheus', 'rules'), join(dir, 'rules'), { recursive: true });
      const result = runTool('promtool', ['check', 'config', join(dir, 'prometheus.yml')]);
      expect(result.status, result.output).to.equal(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
