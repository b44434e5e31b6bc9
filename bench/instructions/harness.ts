/**
 * Child of `bench/instructions.ts`, run under valgrind: serves `count` requests to one app of
 * `http/apps.ts` in-process, with no sockets. Each request is built as Node's server builds it
 * (an IncomingMessage, a ServerResponse whose 'finish' the server listens to), handed to the app's
 * request listener, then finished and closed as the server would after the app ended it.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { APPS } from '../http/apps';

const [name = '', countArg = '0'] = process.argv.slice(2);
const [appName = '', dist] = name.split('@');
if (dist !== undefined) process.env.RAG_BENCH_DIST = dist;
const build = APPS[appName];
if (build === undefined)
  throw new Error(`instructions harness: unknown app ${JSON.stringify(appName)}`);
const listener = build() as (req: IncomingMessage, res: ServerResponse) => unknown;
const socket = new Socket();
// Node's server listens to every response's 'finish' (`resOnFinish`); so does this harness.
const serverOnFinish = () => {};

async function serve(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const req = new IncomingMessage(socket);
    req.method = 'GET';
    req.url = '/hello';
    req.headers = { host: '127.0.0.1', 'user-agent': 'autocannon', connection: 'keep-alive' };
    const res = new ServerResponse(req);
    res.on('finish', serverOnFinish);
    // Koa answers in a promise, Express synchronously: only a promise is awaited, so that the
    // Express apps' requests run without the microtask an `await` adds.
    const answered = listener(req, res);
    if (answered instanceof Promise) await answered;
    if (!res.writableEnded) throw new Error(`${appName} did not end the response to GET /hello`);
    res.emit('finish');
    res.emit('close');
  }
}

serve(Number(countArg)).catch((failure: unknown) => {
  console.error(failure);
  process.exit(1);
});
