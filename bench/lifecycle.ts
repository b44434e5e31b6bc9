import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { do_not_optimize } from 'mitata';
import onFinished from 'on-finished';
import { built } from './lib/built';
import { type MicroCase, type MicroOptions, type MicroResult, measureCases } from './micro';

/**
 * What it costs to learn that a response is done, per request: on-finished (the package's dependency
 * until issue 7), then the pair of 'finish' and 'close' closures that replaced it (rebuilt here as it
 * was), against the package's own `attachTracked()` (one shared 'close' listener, state on the
 * context), on real ServerResponse objects whose 'finish' and 'close' events are emitted as Node's
 * HTTP server emits them. The baseline creates and finishes the response with no listener; subtract
 * it from the others.
 */
export async function runLifecycle(options: MicroOptions): Promise<MicroResult[]> {
  const { attachTracked } = built.lifecycle();
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
  const record = (_res: ServerResponse, _tracked: unknown, aborted: boolean) => done(aborted);
  type Tracked = Parameters<typeof attachTracked>[1];
  const owner = {};
  const onFailure = () => {};
  /** A tracked request with the fields `attachTracked()` uses, as an adapter makes one. */
  const newTracked = () =>
    ({ owner, rag: undefined, whenDone: record, onFailure }) as unknown as Tracked;
  const finishAndCloseClosures = (res: ServerResponse) => {
    let called = false;
    const onDone = () => {
      if (called) return;
      called = true;
      done(!res.writableEnded);
    };
    res.on('finish', onDone);
    res.on('close', onDone);
  };
  const cases: MicroCase[] = [
    ['ServerResponse created, finished and closed (no listener)', () => respond(() => {})],
    [
      '… with on-finished 2.4.1 (until issue 7)',
      () => respond((res) => onFinished(res, () => done(!res.writableEnded))),
    ],
    [
      "… with 'finish' and 'close' closures and a done flag (until the logger shared it)",
      () => respond(finishAndCloseClosures),
    ],
    [
      "… with attachTracked(): one shared 'close' listener (now)",
      () =>
        respond((res) => {
          attachTracked(res, newTracked());
        }),
    ],
  ];
  const results = await measureCases(cases, options);
  socket.destroy();
  do_not_optimize(seen);
  return results;
}
