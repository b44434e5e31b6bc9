import { spread } from './stats';

/**
 * CPU nanoseconds per call of `fn`: calls it in a loop until `targetMs` of this process's CPU time
 * has passed, five times, and takes the median. CPU time, unlike wall-clock time, does not grow
 * while the process waits for a core, so on a machine shared with other work (as the one these
 * numbers come from) it stays close to what an idle machine would measure.
 */
export function cpuNanosPerCall(fn: () => unknown, targetMs: number): number {
  const perRun: number[] = [];
  let sink: unknown;
  for (let run = 0; run < 5; run++) {
    const start = process.cpuUsage();
    let calls = 0;
    let elapsedMicros = 0;
    while (elapsedMicros < targetMs * 1000) {
      for (let i = 0; i < 1000; i++) sink = fn();
      calls += 1000;
      const now = process.cpuUsage(start);
      elapsedMicros = now.user + now.system;
    }
    perRun.push((elapsedMicros * 1000) / calls);
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return spread(perRun).median;
}
