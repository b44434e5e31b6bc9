import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

/**
 * With `RAG_BENCH_PIN=1` (Linux, `taskset` from util-linux), each server under test runs on the
 * last CPU and the load generator on the others, so that the two never take turns on a core: on a
 * 2-core machine that is most of the round-to-round noise of the HTTP suite.
 */
export const PINNING = process.env.RAG_BENCH_PIN === '1';

/** Pins every thread of `pid` to the CPUs of its role; does nothing unless pinning is on. */
export function pinProcess(pid: number, role: 'server' | 'load'): void {
  if (!PINNING) return;
  // All CPUs, not `availableParallelism()`, which shrinks once this process is pinned.
  const last = cpus().length - 1;
  if (last < 1) throw new Error('RAG_BENCH_PIN=1 needs at least 2 CPUs');
  const list = role === 'server' ? String(last) : last === 1 ? '0' : `0-${last - 1}`;
  execFileSync('taskset', ['--all-tasks', '--pid', '--cpu-list', list, String(pid)], {
    stdio: 'ignore',
  });
}
