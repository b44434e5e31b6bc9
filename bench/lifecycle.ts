import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { do_not_optimize } from 'mitata';
import onFinished from 'on-finished';
import { built } from './lib/built';
import { type MicroCase, type MicroOptions, type MicroResult, measureCases } from './micro';

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
  const cases: MicroCase[] = [
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
  const results = await measureCases(cases, options);
  socket.destroy();
  do_not_optimize(seen);
  return results;
}
