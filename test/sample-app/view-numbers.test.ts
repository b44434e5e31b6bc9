import { expect } from 'chai';
import { HEADLINES, type HeadlineName, promql } from '../../infra/grafana/headlines';
import { DEFAULT_MODELS } from '../../sample-app/apps/app-config';
import { createExpressApp } from '../../sample-app/apps/express-app';
import { type LlmSimulator, startLlmSimulator } from '../../sample-app/llm-simulator/server';
import { runTraffic } from '../../sample-app/traffic';
import type { Vector } from '../../sample-app/view/evaluate';
import { readHeadlines } from '../../sample-app/view/readings';
import { labelKey, type Scrape } from '../../sample-app/view/scrape';
import { substituteVariables } from '../helpers/dashboard-queries';
import { instantQuery } from '../helpers/prom-api';
import { type PrometheusServer, startPrometheus } from '../helpers/prometheus-server';
import { requireBinary } from '../helpers/require-binary';
import { eventually, listen } from '../helpers/server';
import { type RecordingTarget, startRecordingTarget } from './recording-target';

/**
 * Equal as Prometheus reports them: both NaN, or within floating point plus the 1 ms the query's
 * window is longer than the scrapes' gap (`increase()` extrapolates over it: a factor 1 + 1/gap).
 */
function close(actual: number, expected: number, gapMs: number): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) {
    return Number.isNaN(actual) && Number.isNaN(expected);
  }
  return Math.abs(actual - expected) <= (2 / gapMs + 1e-6) * Math.max(Math.abs(expected), 1e-9);
}

describe('npm run demo view: the headline numbers from two scrapes', function () {
  // Prometheus starts, then scrapes every second while traffic runs for a few seconds.
  this.timeout(120_000);
  let simulator: LlmSimulator | undefined;
  let app: Awaited<ReturnType<typeof listen>> | undefined;
  let target: RecordingTarget | undefined;
  let prometheus: PrometheusServer | undefined;
  let earlier: Scrape;
  let later: Scrape;

  before(async function () {
    requireBinary(this, 'prometheus');
    simulator = await startLlmSimulator({ latencyScale: 0.05, seed: 11 });
    app = await listen(
      createExpressApp({
        llm: { baseURL: simulator.baseURL, apiKey: 'test', maxRetries: 0, timeoutMs: 10_000 },
        models: DEFAULT_MODELS,
        metrics: { serviceName: 'view-test' },
      }),
    );
    target = await startRecordingTarget(`${app.url}/metrics`);
    prometheus = await startPrometheus([target.host], []);

    // Every model's series first, so that the two scrapes compared both hold them; then faults,
    // so that the window has 5xx answers as well as answers, tokens and spend.
    const traffic = new AbortController();
    const running = runTraffic({
      target: app.url,
      requestsPerSecond: 20,
      durationSeconds: 60,
      seed: 5,
      signal: traffic.signal,
      log: () => undefined,
    });
    const warm = Date.now() + 4000;
    await eventually(async () => Date.now() > warm, 'warm-up', 1000);
    simulator.setFaults(true);
    const faultsOn = Date.now();
    const recorded = target.scrapes;
    await eventually(
      async () => recorded.filter((s) => s.at > faultsOn + 1000).length >= 3,
      'three scrapes with faults on',
      2000,
    );
    traffic.abort();
    await running;
    // The second-to-last stored scrape and the one before it: both surely ingested by now.
    const stored = recorded.filter((s) => s.at > faultsOn + 1000);
    earlier = stored[0] as Scrape;
    later = stored[1] as Scrape;
  });

  after(async () => {
    await prometheus?.close();
    await target?.close();
    await app?.close();
    await simulator?.close();
  });

  /** The panel's query as Grafana would send it, over exactly the two scrapes' window. */
  async function prometheusReading(name: HeadlineName): Promise<Vector> {
    const windowMs = `${later.at - earlier.at + 1}ms`;
    const expr = substituteVariables(promql(HEADLINES[name]), windowMs, windowMs).replace(
      /\[\d+[smhdw]\]/g,
      `[${windowMs}]`,
    );
    const samples = await instantQuery(prometheus?.url ?? '', expr, later.at / 1000);
    return new Map(
      samples.map((sample) => [
        labelKey(sample.metric),
        { labels: sample.metric, value: Number(sample.value[1]) },
      ]),
    );
  }

  for (const name of Object.keys(HEADLINES) as HeadlineName[]) {
    it(`${name} equals the dashboard panel's query in Prometheus over the same window`, async () => {
      const view = readHeadlines(earlier, later, earlier)[name];
      const expected = await prometheusReading(name);
      expect(expected.size, 'series in Prometheus').to.be.greaterThan(0);
      expect([...view.keys()].sort(), 'series').to.deep.equal([...expected.keys()].sort());
      for (const [key, series] of expected) {
        const actual = view.get(key)?.value ?? Number.NaN;
        expect(
          close(actual, series.value, later.at - earlier.at),
          `${name} ${key}: view ${actual}, Prometheus ${series.value}`,
        ).to.equal(true);
      }
    });
  }

  it('has real data in the window: requests, 5xx, streamed first tokens, tokens of several models, both caches', () => {
    const view = readHeadlines(earlier, later, earlier);
    const only = (vector: Vector) => [...vector.values()][0]?.value ?? 0;
    expect(only(view.requestRate)).to.be.greaterThan(0);
    expect(only(view.errorRatio)).to.be.greaterThan(0);
    expect(only(view.latencyP95)).to.be.greaterThan(0);
    expect(view.firstTokenP95.size).to.be.greaterThan(0);
    expect(view.tokenRate.size).to.be.greaterThan(2);
    expect([...view.cacheHitRatio.values()].map((s) => s.labels.cache_type).sort()).to.deep.equal([
      'exact',
      'semantic',
    ]);
  });
});
