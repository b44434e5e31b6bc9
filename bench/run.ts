/**
 * The benchmark suite of issue 7: `npm run bench` (full) or `npm run bench:quick`.
 * Prints Markdown tables and writes the whole result as JSON (`--out`, default bench/results/latest.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runAdapter } from './adapter';
import { runComparison } from './http/compare';
import { COMPARISONS } from './http/comparisons';
import { parseArgs } from './lib/args';
import { machine } from './lib/machine';
import { PINNING } from './lib/pin';
import { type BenchReport, formatReport } from './lib/report';
import { runLifecycle } from './lifecycle';
import { runCardinality } from './memory/run-cardinality';
import { runMicro } from './micro';
import { runRender } from './render';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    machine: machine(),
    settings: {
      rounds: args.rounds,
      durationSeconds: args.durationSeconds,
      connections: args.connections,
      processes: args.processes,
      pinned: PINNING,
    },
    http: [],
    adapter: [],
    micro: [],
    lifecycle: [],
    render: [],
    memory: undefined,
  };
  const mutable = report as { -readonly [K in keyof BenchReport]: BenchReport[K] };

  if (args.suites.includes('http')) {
    const http = [];
    const custom = args.custom && { name: 'custom', ...args.custom };
    for (const comparison of custom ? [custom] : COMPARISONS) {
      if (args.comparisons.length > 0 && !args.comparisons.includes(comparison.name)) continue;
      const variants = comparison.variants.filter(
        (v, i) => i === 0 || args.variants.length === 0 || args.variants.includes(v),
      );
      log(`http: ${comparison.name} (${variants.join(', ')})`);
      http.push(
        await runComparison(
          { ...comparison, variants },
          {
            rounds: args.rounds,
            durationSeconds: args.durationSeconds,
            connections: args.connections,
            processes: args.processes,
            warmupSeconds: args.quick ? Math.min(1, args.durationSeconds) : 2,
            onRound: (variant, round, r) =>
              log(`  round ${round + 1} ${variant}: ${r.requestsPerSecond.toFixed(0)} req/s`),
          },
        ),
      );
    }
    mutable.http = http;
  }
  if (args.suites.includes('adapter')) {
    log('adapter: CPU per request added by the middleware');
    mutable.adapter = await runAdapter(args.quick ? 50 : 400);
  }
  if (args.suites.includes('micro')) {
    log('micro: per-request work');
    mutable.micro = await runMicro({ cpuTimeMs: args.quick ? 50 : 500 });
    mutable.lifecycle = await runLifecycle({ cpuTimeMs: args.quick ? 50 : 500 });
  }
  if (args.suites.includes('render')) {
    const render = [];
    for (const series of args.renderSeries) {
      log(`render: ${series} series`);
      render.push(await runRender(series, args.quick ? 2 : series >= 100_000 ? 5 : 10));
    }
    mutable.render = render;
  }
  if (args.suites.includes('memory')) {
    log(`memory: ${args.memoryRequests} requests`);
    mutable.memory = await runCardinality(args.memoryRequests);
  }

  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${formatReport(report)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
