/**
 * Instructions per request: each app of `http/apps.ts` serves requests in-process under valgrind
 * (`bench/instructions/harness.ts`), twice with different request counts, and the difference in
 * instructions executed, divided by the difference in requests, is what one request costs in
 * steady state (start-up and JIT warm-up cancel out). Node runs with `--single-threaded`, so that
 * the JIT and the GC do all their work on the counted thread in the same order each run: repeated
 * runs agree within about 0.5 %, where CPU time on this machine moves ±5 % between rounds.
 *
 * Instructions are a proxy for CPU time, not the same: they miss cache misses and count a cheap
 * and an expensive instruction alike. They resolve a change of a fraction of a percent; the HTTP
 * suite's CPU per request is what the budgets are stated in.
 *
 *   npx tsx bench/instructions.ts express-bare express-noop express-ragMetrics [app@/other/dist ...]
 *
 * The first app is the baseline. Needs valgrind (`apt-get install valgrind`); about a minute per app.
 */
import { execFile } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const WARM = Number(process.env.RAG_BENCH_IR_WARM ?? 10_000);
const MEASURED = Number(process.env.RAG_BENCH_IR_MEASURED ?? 20_000);
const harness = join(__dirname, 'instructions', 'harness.ts');

/** Instructions valgrind counted for one run of the harness serving `count` requests. */
async function instructions(app: string, count: number): Promise<number> {
  const { stderr } = await run(
    'valgrind',
    [
      '--tool=cachegrind',
      '--cache-sim=no',
      '--smc-check=all-non-file',
      '--cachegrind-out-file=/dev/null',
      process.execPath,
      '--single-threaded',
      '--import',
      'tsx',
      harness,
      app,
      String(count),
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const match = /I\s+refs:\s+([\d,]+)/.exec(stderr);
  if (match?.[1] === undefined)
    throw new Error(`valgrind printed no instruction count for ${app}:\n${stderr}`);
  return Number(match[1].replaceAll(',', ''));
}

async function perRequest(app: string): Promise<number> {
  const [short, long] = await Promise.all([
    instructions(app, WARM),
    instructions(app, WARM + MEASURED),
  ]);
  return (long - short) / MEASURED;
}

async function main(): Promise<void> {
  const apps = process.argv.slice(2);
  if (apps.length === 0) throw new Error('name the apps to count, the baseline first');
  try {
    await run('valgrind', ['--version']);
  } catch {
    throw new Error('bench/instructions.ts needs valgrind: apt-get install valgrind');
  }
  // Two valgrind runs per app, as many at a time as there are CPUs.
  const results = new Map<string, number>();
  const queue = [...apps];
  const worker = async () => {
    for (let app = queue.shift(); app !== undefined; app = queue.shift()) {
      results.set(app, await perRequest(app));
      process.stderr.write(`${app}: ${results.get(app)?.toFixed(0)} instructions per request\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.floor(cpus().length / 2)) }, worker));
  const baseline = results.get(apps[0] as string) as number;
  console.log(`| app | instructions per request | added over ${apps[0]} | within +5 % |`);
  console.log('|---|---|---|---|');
  for (const app of apps) {
    const count = results.get(app) as number;
    const added = count / baseline - 1;
    console.log(
      `| ${app} | ${Math.round(count).toLocaleString('en')} | ${(100 * added).toFixed(1)} % | ${added <= 0.05 ? 'yes' : 'no'} |`,
    );
  }
}

main().catch((failure: unknown) => {
  console.error(failure instanceof Error ? failure.message : failure);
  process.exit(1);
});
