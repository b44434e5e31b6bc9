import type { AdapterResult } from '../adapter';
import type { ComparisonResult, VariantResult } from '../http/compare';
import type { CardinalityResult } from '../memory/run-cardinality';
import type { MicroResult } from '../micro';
import type { RenderResult } from '../render';
import type { Machine } from './machine';
import type { Spread } from './stats';

/** Everything one run measured; written as JSON and printed as Markdown tables. */
export interface BenchReport {
  readonly startedAt: string;
  readonly machine: Machine;
  readonly settings: {
    readonly rounds: number;
    readonly durationSeconds: number;
    readonly connections: number;
    /** Server processes per HTTP variant (`--processes`). */
    readonly processes?: number;
    /** Whether servers and load generator ran on separate CPUs (`RAG_BENCH_PIN=1`). */
    readonly pinned?: boolean;
  };
  readonly http: readonly ComparisonResult[];
  /** CPU per request the middleware adds, in-process (bench/adapter.ts). */
  readonly adapter: readonly AdapterResult[];
  readonly micro: readonly MicroResult[];
  /** How the end of a response is detected (bench/lifecycle.ts). */
  readonly lifecycle: readonly MicroResult[];
  readonly render: readonly RenderResult[];
  readonly memory: CardinalityResult | undefined;
}

const fixed = (value: number, digits: number) => value.toFixed(digits);
const range = (s: Spread, digits: number) =>
  `${fixed(s.median, digits)} (${fixed(s.min, digits)}–${fixed(s.max, digits)})`;

const MICRO_HEADER =
  '| operation | CPU ns/op (median of 5) | mitata wall ns/op: mean | p50 | p99 |';
const microRow = (r: MicroResult) =>
  `| ${r.name} | ${fixed(r.cpuNsPerOp, 0)} | ${fixed(r.nsPerOp, 0)} | ${fixed(r.p50Ns, 0)} | ${fixed(r.p99Ns, 0)} |`;

/** Markdown tables, the form BENCHMARKS.md quotes. */
/** The CPU budget's bare ÷ instrumented ratio: at most +5 % CPU per request. */
const BUDGET_RATIO = 1 / 1.05;

/**
 * "yes" or "no" when the 95 % interval of the median CPU ratio is on one side of the budget,
 * "not resolved" when it straddles it (too few rounds for this machine's noise).
 */
export function budgetVerdict(variant: VariantResult): string {
  const interval = variant.cpuRatioInterval;
  if (interval === undefined) return variant.cpuRatio.median >= BUDGET_RATIO ? 'yes' : 'no';
  if (interval.low >= BUDGET_RATIO) return 'yes';
  if (interval.high < BUDGET_RATIO) return 'no';
  return 'not resolved';
}

export function formatReport(report: BenchReport): string {
  const { machine: m, settings: s } = report;
  const lines = [
    `Node ${m.node} · ${m.cpu} · ${m.cores} cores · ${m.memoryGiB} GiB · ${m.platform}`,
    `HTTP: ${s.rounds} rounds × ${s.durationSeconds} s, each loading every variant once in the orders of a balanced Latin square${(s.processes ?? 1) > 1 ? ` (each variant ${s.processes} server processes, loaded in turn)` : ''}, ${s.connections} connections, autocannon in a separate process on 127.0.0.1${s.pinned === true ? ', server pinned to the last CPU and autocannon to the others' : ''}`,
  ];
  if (report.http.length > 0) {
    // The headline (issue 14): server CPU per request resolves a 5 % budget on a shared 2-core
    // machine, where req/s moves 10-30 % from round to round.
    lines.push(
      '',
      '### Headline: server CPU per request (budget: at most +5 % over the baseline)',
      '',
    );
    lines.push(
      '| comparison | variant | CPU µs/request median (min–max) | baseline µs/request | CPU ratio baseline ÷ variant, median (min–max) | 95 % interval of that median | user-mode CPU ratio, median (min–max) | within +5 % |',
    );
    lines.push('|---|---|---|---|---|---|---|---|');
    for (const comparison of report.http) {
      const baseline = comparison.variants[0];
      for (const v of comparison.variants.slice(1)) {
        lines.push(
          `| ${comparison.name} | ${v.variant} | ${range(v.cpuMicrosPerRequest, 1)} | ${baseline === undefined ? '' : fixed(baseline.cpuMicrosPerRequest.median, 1)} | ${range(v.cpuRatio, 3)} | ${v.cpuRatioInterval === undefined ? '' : `${fixed(v.cpuRatioInterval.low, 3)}–${fixed(v.cpuRatioInterval.high, 3)}`} | ${v.userCpuRatio === undefined ? '' : range(v.userCpuRatio, 3)} | ${budgetVerdict(v)} |`,
        );
      }
    }
  }
  for (const comparison of report.http) {
    lines.push('', `### ${comparison.name} (baseline ${comparison.baseline})`, '');
    lines.push(
      '| variant | req/s median (min–max) | req/s ratio to baseline | server CPU µs/request | CPU ratio (baseline CPU/req ÷ variant) | p99 ms | non-2xx | errors |',
    );
    lines.push('|---|---|---|---|---|---|---|---|');
    for (const v of comparison.variants) {
      lines.push(
        `| ${v.variant} | ${range(v.requestsPerSecond, 0)} | ${range(v.ratio, 3)} | ${range(v.cpuMicrosPerRequest, 1)} | ${range(v.cpuRatio, 3)} | ${fixed(v.latencyP99Ms.median, 1)} | ${v.non2xx} | ${v.errors} |`,
      );
    }
    for (const note of comparison.notes) lines.push('', `Note: ${note}`);
  }
  if (report.adapter.length > 0) {
    lines.push('', '### CPU per request added by the middleware (in-process, no sockets)', '');
    lines.push(
      '| case | added CPU ns/request | baseline CPU ns/request (framework objects only) |',
    );
    lines.push('|---|---|---|');
    for (const r of report.adapter) {
      lines.push(`| ${r.name} | ${fixed(r.addedCpuNs, 0)} | ${fixed(r.baselineCpuNs, 0)} |`);
    }
  }
  if (report.micro.length > 0) {
    lines.push('', '### per-request work', '', MICRO_HEADER, '|---|---|---|---|---|');
    for (const r of report.micro) lines.push(microRow(r));
  }
  if (report.lifecycle.length > 0) {
    lines.push(
      '',
      '### response end detection, per request',
      '',
      MICRO_HEADER,
      '|---|---|---|---|---|',
    );
    for (const r of report.lifecycle) lines.push(microRow(r));
  }
  if (report.render.length > 0) {
    lines.push('', '### /metrics rendering', '');
    lines.push(
      '| series | bytes | ours ms | prom-client ms | wall ratio ours/prom-client | CPU ratio ours/prom-client | longest stall ours / prom-client ms | identical histogram text |',
    );
    lines.push('|---|---|---|---|---|---|---|---|');
    for (const r of report.render) {
      lines.push(
        `| ${r.series} | ${r.bytes} | ${range(r.oursMs, 1)} | ${range(r.promClientMs, 1)} | ${range(r.ratio, 3)} | ${range(r.cpuRatio, 3)} | ${fixed(r.oursStallMs, 1)} / ${fixed(r.promClientStallMs, 1)} | ${r.identicalExposition} |`,
      );
    }
  }
  const mem = report.memory;
  if (mem !== undefined) {
    lines.push('', '### cardinality', '');
    lines.push(
      '| requests | series after warm-up → end | heap MiB after warm-up → end | growth MiB | label overflows | seconds |',
    );
    lines.push('|---|---|---|---|---|---|');
    lines.push(
      `| ${mem.requests} | ${mem.before.series} → ${mem.after.series} | ${fixed(mem.before.heapMiB, 2)} → ${fixed(mem.after.heapMiB, 2)} | ${fixed(mem.after.heapMiB - mem.before.heapMiB, 2)} | ${mem.labelOverflows} | ${fixed(mem.seconds, 1)} |`,
    );
  }
  return lines.join('\n');
}
