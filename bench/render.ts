import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Histogram, Registry } from 'prom-client';
import { built } from './lib/built';
import { type Spread, spread } from './lib/stats';

export interface RenderResult {
  readonly series: number;
  readonly bytes: number;
  /** Our `render()`, milliseconds per render. */
  readonly oursMs: Spread;
  /** prom-client's `registry.metrics()` on the same series, milliseconds per render. */
  readonly promClientMs: Spread;
  /** oursMs / promClientMs within each round. */
  readonly ratio: Spread;
  /** The same ratio in process CPU time, which a busy machine disturbs far less than wall-clock. */
  readonly cpuRatio: Spread;
  /** Longest event-loop stall seen while our render ran, milliseconds (max over rounds). */
  readonly oursStallMs: number;
  readonly promClientStallMs: number;
  /** The request-duration histogram prints byte for byte as prom-client's does. */
  readonly identicalExposition: boolean;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const STATUSES = ['200', '201', '400', '404', '500'];

/**
 * Builds `series` label sets of the request-duration histogram (method × route × status) in our
 * metrics and in an equivalent prom-client Histogram + Counter (`rag_requests_total` is our view of
 * the histogram's count), observes one value in each, then renders both in alternating rounds.
 */
export async function runRender(series: number, rounds: number): Promise<RenderResult> {
  const { createRagMetrics, DEFAULT_BUCKETS } = built.core();
  const ours = createRagMetrics({
    processMetrics: false,
    includeDefaultRegistry: false,
    maxLabelValues: series,
    // Every series its own, as in prom-client, however many the run asks for.
    maxSeriesPerMetric: series,
  });
  const registry = new Registry();
  const histogram = new Histogram({
    name: ours.names.requestDuration,
    help: ours.metrics.requestDuration.help,
    labelNames: ['method', 'route', 'status_code'],
    buckets: [...DEFAULT_BUCKETS.requestDuration],
    registers: [registry],
  });
  const counter = new Counter({
    name: ours.names.requests,
    help: ours.metrics.requests.help,
    labelNames: ['method', 'route', 'status_code'],
    registers: [registry],
  });
  const perRoute = METHODS.length * STATUSES.length;
  for (let i = 0; i < series; i++) {
    const method = METHODS[i % METHODS.length] as string;
    const status = STATUSES[Math.floor(i / METHODS.length) % STATUSES.length] as string;
    const route = `/api/route${Math.floor(i / perRoute)}/:id`;
    const seconds = (i % 1000) / 100;
    ours.metrics.requestDuration.get3(method, route, status).observe(seconds);
    histogram.labels(method, route, status).observe(seconds);
    counter.labels(method, route, status).inc();
  }

  const identicalExposition =
    (await ours.registry.getSingleMetricAsString(ours.names.requestDuration)) ===
    (await registry.getSingleMetricAsString(ours.names.requestDuration));

  const oursMs: number[] = [];
  const promMs: number[] = [];
  const cpuRatios: number[] = [];
  let oursStall = 0;
  let promStall = 0;
  let bytes = 0;
  for (let round = 0; round < rounds; round++) {
    const a = await timed(() => ours.render());
    oursMs.push(a.ms);
    oursStall = Math.max(oursStall, a.stallMs);
    bytes = a.bytes;
    const b = await timed(() => registry.metrics());
    promMs.push(b.ms);
    cpuRatios.push(a.cpuMs / b.cpuMs);
    promStall = Math.max(promStall, b.stallMs);
  }
  return {
    series,
    bytes,
    oursMs: spread(oursMs),
    promClientMs: spread(promMs),
    ratio: spread(oursMs.map((ms, i) => ms / (promMs[i] as number))),
    cpuRatio: spread(cpuRatios),
    oursStallMs: oursStall,
    promClientStallMs: promStall,
    identicalExposition,
  };
}

/** Times one render and records the longest event-loop delay meanwhile (10 ms resolution). */
async function timed(render: () => Promise<string>) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // The monitor samples on a timer: it must be running before the stall, or the stall goes unseen.
  await new Promise((resolve) => setTimeout(resolve, 15));
  const cpu = process.cpuUsage();
  const started = performance.now();
  const text = await render();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  // Let the monitor's timer fire once after the render, so a stall the render caused is recorded.
  await new Promise((resolve) => setTimeout(resolve, 20));
  delay.disable();
  return { ms, cpuMs, bytes: Buffer.byteLength(text), stallMs: delay.max / 1e6 };
}
