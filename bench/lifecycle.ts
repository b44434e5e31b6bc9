import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { do_not_optimize, measure } from 'mitata';
import onFinished from 'on-finished';
import { built } from './lib/built';
import { cpuNanosPerCall } from './lib/cpu-time';
import type { MicroOptions, MicroResult } from './micro';

/**
 * What it costs to learn that a response is done, per request: on-finished (the package's dependency
 * until issue 7) against the package's own `whenResponseDone()`, on real ServerResponse objects whose 'finish'
 * and 'close' events are emitted as Node's HTTP server emits them. The baseline creates and finishes
 * the response with no listener; subtract it from the others.
 */
export async function runLifecycle(options: MicroOptions): Promise<MicroResult[]> {
  const { whenResponseDone } = built.lifecycle();
  const socket = new Socket();
  const respond = (listen: (res: ServerResponse) => void): boolean => {
    const res = new ServerResponse(new IncomingMessage(socket));
    res.assignSocket(socket);
    listen(res);
    res.emit('finish');
    res.detachSocket(socket);
    res.emit('close');
    return res.writableEnded;
  };
  let seen = 0;
  const done = (aborted: boolean) => {
    if (!aborted) seen++;
  };
  const cases: Array<[string, () => unknown]> = [
    ['ServerResponse created, finished and closed (no listener)', () => respond(() => {})],
    [
      '… with on-finished 2.4.1 (until issue 7)',
      () => respond((res) => onFinished(res, () => done(!res.writableEnded))),
    ],
    [
      "… with 'finish' and 'close' listeners and a done flag (now)",
      () => respond((res) => whenResponseDone(res, done)),
    ],
  ];
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
  socket.destroy();
  do_not_optimize(seen);
  return results;
}
