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
 *   npx tsx bench/instructions.ts --server express-bare express-ragMetrics
 *
 * `--server` counts the HTTP suite's real server instead (`http/server.ts`, loaded over loopback by
 * autocannon with a fixed number of requests, 10 connections): the sockets' and the HTTP parser's
 * work in user space are then counted too, and the kernel's still is not. Fewer requests are
 * served (RAG_BENCH_IR_WARM / RAG_BENCH_IR_MEASURED default to 2,000 / 8,000 there), and runs
 * move more, since how requests batch on a connection varies.
 *
 * The first app is the baseline. Needs valgrind (`apt-get install valgrind`); about a minute per app.
 */
import { execFile, fork } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';

const run = promisify(execFile);
const SERVER_MODE = process.argv.includes('--server');
const WARM = Number(process.env.RAG_BENCH_IR_WARM ?? (SERVER_MODE ? 2_000 : 10_000));
const MEASURED = Number(process.env.RAG_BENCH_IR_MEASURED ?? (SERVER_MODE ? 8_000 : 20_000));
const harness = join(__dirname, 'instructions', 'harness.ts');
const VALGRIND_ARGS = [
  '--tool=cachegrind',
  '--cache-sim=no',
  '--smc-check=all-non-file',
  '--cachegrind-out-file=/dev/null',
];

function instructionsIn(stderr: string, app: string): number {
  const match = /I\s+refs:\s+([\d,]+)/.exec(stderr);
  if (match?.[1] === undefined)
    throw new Error(`valgrind printed no instruction count for ${app}:\n${stderr}`);
  return Number(match[1].replaceAll(',', ''));
}

/**
 * Instructions valgrind counted for the HTTP suite's server of `app` answering `count` requests
 * from autocannon, start-up and shutdown included. The server is forked under valgrind; the IPC
 * channel reaches node through it, so the server reports its port as it does in the HTTP suite.
 */
async function serverInstructions(app: string, count: number): Promise<number> {
  const child = fork(join(__dirname, 'http', 'server.ts'), [app], {
    execPath: 'valgrind',
    execArgv: [...VALGRIND_ARGS, process.execPath, '--single-threaded', '--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`${app} exited with ${code}:\n${stderr}`)));
  });
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/hello`,
    connections: 10,
    amount: count,
    timeout: 60,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${app}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  child.disconnect();
  await exited;
  return instructionsIn(stderr, app);
}

/** Instructions valgrind counted for one run of the harness serving `count` requests. */
async function instructions(app: string, count: number): Promise<number> {
  if (SERVER_MODE) return serverInstructions(app, count);
  const { stderr } = await run(
    'valgrind',
    [
      ...VALGRIND_ARGS,
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
  return instructionsIn(stderr, app);
}

async function perRequest(app: string): Promise<number> {
  const [short, long] = await Promise.all([
    instructions(app, WARM),
    instructions(app, WARM + MEASURED),
  ]);
  return (long - short) / MEASURED;
}

async function main(): Promise<void> {
  const apps = process.argv.slice(2).filter((arg) => arg !== '--server');
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
