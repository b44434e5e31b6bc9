/**
 * Where a server's CPU goes under load, by function: serves one app of `http/apps.ts` with V8's
 * sampling profiler on, loads it with autocannon, then prints each function's self time and the
 * share of the busy (non-idle) CPU spent in the package's own compiled files.
 *
 * Finer than the CPU-per-request ratio when the machine is noisy: both builds' functions are
 * sampled in the same process, so a per-request cost of a fraction of a microsecond shows up.
 *
 *   npx tsx bench/profile.ts express-ragMetrics [seconds] [rows]
 *   npx tsx bench/profile.ts express-ragMetrics@/tmp/old/dist   # an earlier build
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Frames that are not work: the profiler's own idle and program markers. */
const NOT_BUSY = new Set(['(idle)', '(program)']);

const [app = 'express-ragMetrics', seconds = '12', rows = '20'] = process.argv.slice(2);
const dist = app.split('@')[1] ?? join(__dirname, '..', 'dist');
const dir = mkdtempSync(join(tmpdir(), 'rag-bench-profile-'));

const child = fork(join(__dirname, 'http', 'server.ts'), [app], {
  execArgv: ['--import', 'tsx', '--cpu-prof', `--cpu-prof-dir=${dir}`],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
child.once('message', async (message: { port: number }) => {
  const result = await autocannon({
    url: `http://127.0.0.1:${message.port}/hello`,
    connections: 50,
    duration: Number(seconds),
  });
  child.once('exit', () => {
    report(readLargestProfile(dir), result.requests.total);
    rmSync(dir, { recursive: true, force: true });
  });
  child.disconnect();
});

/** The main thread's profile: tsx's loader thread writes a smaller one beside it. */
function readLargestProfile(folder: string): CpuProfile {
  const files = readdirSync(folder).map((file) => join(folder, file));
  files.sort((a, b) => statSync(b).size - statSync(a).size);
  return JSON.parse(readFileSync(files[0] as string, 'utf8')) as CpuProfile;
}

function report(profile: CpuProfile, requests: number): void {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<string, number>();
  let busy = 0;
  let ours = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const frame = nodes.get(id)?.callFrame;
    if (frame === undefined || NOT_BUSY.has(frame.functionName)) return;
    busy += micros;
    const file = frame.url.replace(/^file:\/\//, '');
    if (file.startsWith(dist)) ours += micros;
    const key = `${frame.functionName || '(anonymous)'} ${file.replace(/.*node_modules\//, '')}:${frame.lineNumber + 1}`;
    selfMicros.set(key, (selfMicros.get(key) ?? 0) + micros);
  });
  console.log(`${app}: ${requests} requests, busy CPU ${(busy / 1000).toFixed(0)} ms`);
  console.log(
    `package files (${dist}): ${(ours / 1000).toFixed(1)} ms self time, ` +
      `${((100 * ours) / busy).toFixed(2)} % of busy CPU, ${((ours / requests) * 1000).toFixed(0)} ns per request`,
  );
  const sorted = [...selfMicros].sort((a, b) => b[1] - a[1]);
  const print = ([name, micros]: [string, number]) =>
    console.log(`${(micros / 1000).toFixed(1).padStart(9)} ms  ${name}`);
  console.log('\nbusiest functions:');
  sorted.slice(0, Number(rows)).forEach(print);
  console.log('\nbusiest functions of the package:');
  sorted
    .filter(([name]) => name.includes(dist))
    .slice(0, Number(rows))
    .forEach(print);
}
