/**
 * Child-process entry (run with --expose-gc): records `requests` requests through the core, each with
 * a distinct unknown URL as its route and a distinct unknown model name, and prints one JSON line
 * with heap and series counts after a warm-up and at the end. Driving `startRequest` /
 * `recordTokens` / `finishRequest` in-process takes seconds where the same count over HTTP would take
 * minutes; the adapters add no series of their own.
 */
import { built } from '../lib/built';

const requests = Number(process.argv[2] ?? 1_000_000);
const warmup = Math.min(10_000, requests);

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

const metrics = built.core().createRagMetrics({
  processMetrics: false,
  includeDefaultRegistry: false,
  // Warnings are expected (every label overflows); keep them off stderr.
  onWarning: () => {},
});

function seriesCount(): number {
  let total = 0;
  for (const family of Object.values(metrics.metrics)) {
    if (typeof family === 'object' && family !== null && 'size' in family) total += family.size;
  }
  return total;
}

function record(from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const rag = metrics.startRequest();
    rag.recordTokens({ model: `unknown-model-${i}`, input: 100, output: 20 });
    metrics.finishRequest(rag, {
      method: 'GET',
      route: `/scan/${i}/wp-admin.php`,
      statusCode: i % 10 === 0 ? 500 : 404,
      aborted: i % 100 === 0,
    });
  }
}

function heapMiB(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

record(0, warmup);
const before = { heapMiB: heapMiB(), series: seriesCount() };
const started = performance.now();
record(warmup, requests);
const seconds = (performance.now() - started) / 1000;
const after = { heapMiB: heapMiB(), series: seriesCount() };
const labelOverflows = metrics.metrics.rejectedLabelOverflow.value;
process.stdout.write(
  `${JSON.stringify({ requests, warmup, before, after, seconds, labelOverflows })}\n`,
);
