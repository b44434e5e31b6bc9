import { do_not_optimize, measure } from 'mitata';
import type { RequestContext } from '../lib/rag-context';
import type { RagMetrics, RequestOutcome } from '../lib/rag-metrics';
import { tracedCases } from './exemplars';
import { built } from './lib/built';
import { cpuNanosPerCall } from './lib/cpu-time';

export interface MicroResult {
  readonly name: string;
  /** CPU time per call, nanoseconds (median of five runs): steady on a shared machine. */
  readonly cpuNsPerOp: number;
  /** Mean time per call, nanoseconds. */
  readonly nsPerOp: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
}

export interface MicroOptions {
  /** CPU time mitata spends on each benchmark, in milliseconds. */
  readonly cpuTimeMs: number;
}

const OUTCOME: RequestOutcome = { method: 'GET', route: '/ask', statusCode: 200, aborted: false };

/** The whole recording of the RAG-shaped route (bench/http/apps.ts), without the HTTP around it. */
function ragRequest(metrics: RagMetrics): void {
  const rag = metrics.startRequest();
  rag.recordCache({ hit: false, type: 'semantic' });
  rag.time('retrieval', noop);
  rag.recordTokens({ model: 'text-embedding-3-small', input: 8 });
  rag.time('generation', noop);
  rag.recordTokens({ model: 'gpt-4o-mini', input: 320, output: 40 });
  rag.recordRelevance(0.82);
  rag.recordContextPrecision(0.75);
  metrics.finishRequest(rag, OUTCOME);
}

const ERROR = new TypeError('upstream failed');

function noop(): number {
  return 1;
}

/**
 * ns per call of the per-request work, on series that already exist (the steady state of a service).
 * Calls that append to a per-request list run on a context that is replaced every 1,000 calls, so the
 * list stays request-sized; the replacement costs one `startRequest()` per 1,000 calls.
 */
export async function runMicro(options: MicroOptions): Promise<MicroResult[]> {
  const metrics = built
    .core()
    .createRagMetrics({ processMetrics: false, includeDefaultRegistry: false });
  for (let i = 0; i < 1000; i++) ragRequest(metrics); // creates every series used below
  let rag: RequestContext = metrics.startRequest();
  let calls = 0;
  const fresh = (): RequestContext => {
    if (++calls % 1000 === 0) rag = metrics.startRequest();
    return rag;
  };

  const cases: MicroCase[] = [
    ['startRequest()', () => metrics.startRequest()],
    [
      'startRequest() + finishRequest()',
      () => metrics.finishRequest(metrics.startRequest(), OUTCOME),
    ],
    [
      'recordTokens({ model, input, output })',
      () => fresh().recordTokens({ model: 'gpt-4o-mini', input: 320, output: 40 }),
    ],
    ['recordCost(usd, model)', () => fresh().recordCost(0.001, 'gpt-4o-mini')],
    ['recordCache({ hit, type })', () => fresh().recordCache({ hit: true, type: 'semantic' })],
    ['recordRelevance(score)', () => fresh().recordRelevance(0.82)],
    ['recordContextPrecision(score)', () => fresh().recordContextPrecision(0.75)],
    ['time(stage, syncFn)', () => fresh().time('retrieval', noop)],
    ['startStage(stage)()', () => fresh().startStage('retrieval')()],
    ['setModel(model)', () => fresh().setModel('gpt-4o-mini')],
    ['recordError(err)', () => fresh().recordError(ERROR)],
    [
      'RAG-shaped request: start + 2 stages + 2 tokens + cache + relevance + precision + finish',
      () => ragRequest(metrics),
    ],
  ];

  const results = await measureCases(cases, options);
  // Last: these register a tracer provider for the rest of the process.
  return [...results, ...(await measureCases(tracedCases(metrics, OUTCOME), options))];
}

/** One case to measure: a name and the call, repeated by mitata and by the CPU-time loop. */
export type MicroCase = readonly [name: string, call: () => unknown];

/** Wall-clock (mitata) and CPU nanoseconds per call of each case, in order. */
export async function measureCases(
  cases: readonly MicroCase[],
  options: MicroOptions,
): Promise<MicroResult[]> {
  const results: MicroResult[] = [];
  for (const [name, fn] of cases) {
    const stats = await measure(() => do_not_optimize(fn()), {
      min_cpu_time: options.cpuTimeMs * 1e6,
    });
    results.push({
      name,
      cpuNsPerOp: cpuNanosPerCall(fn, options.cpuTimeMs / 2),
      nsPerOp: stats.avg,
      p50Ns: stats.p50,
      p99Ns: stats.p99,
    });
  }
  return results;
}
