import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import express from 'express';
import { built } from './lib/built';
import { spread } from './lib/stats';

export interface AdapterResult {
  readonly name: string;
  /** CPU nanoseconds per request with the middleware, minus the same request without it. */
  readonly addedCpuNs: number;
  readonly baselineCpuNs: number;
}

type Request = () => Promise<unknown> | undefined;

/**
 * CPU time `ragMetrics()` adds to one request, measured in-process without sockets: each iteration
 * builds a request and a response as the framework would (for Express, with its prototypes swapped),
 * runs the middleware (or not, for the baseline), and emits 'finish' and 'close' as Node's server
 * does, so that the request is recorded. CPU time, not wall-clock, so a busy machine shifts it
 * little; the two variants alternate five times and the median difference is reported.
 */
export async function runAdapter(targetMs: number): Promise<AdapterResult[]> {
  const options = { processMetrics: false, includeDefaultRegistry: false };
  const socket = new Socket();
  const finish = (res: ServerResponse) => {
    res.statusCode = 200;
    res.emit('finish');
    (res as { writableEnded: boolean }).writableEnded;
    res.emit('close');
  };

  const koaMiddleware = built.koa().ragMetrics(options) as unknown as (
    ctx: object,
    next: () => Promise<void>,
  ) => Promise<void>;
  const next = () => Promise.resolve();
  const koa =
    (instrumented: boolean): Request =>
    () => {
      const req = new IncomingMessage(socket);
      const res = new ServerResponse(req);
      const ctx = { req, res, method: 'GET', url: '/hello', state: {}, _matchedRoute: '/hello' };
      const done = instrumented ? koaMiddleware(ctx, next) : next();
      return done.then(() => finish(res));
    };

  const expressMiddleware = built.express().ragMetrics(options);
  const expressApp = (instrumented: boolean) => {
    const app = express();
    const route = { path: '/hello' };
    const noop = () => {};
    return (): undefined => {
      const req = new IncomingMessage(socket) as IncomingMessage & Record<string, unknown>;
      const res = new ServerResponse(req) as unknown as ServerResponse & Record<string, unknown>;
      // What Express's app.handle does before the first middleware.
      Object.setPrototypeOf(req, app.request);
      Object.setPrototypeOf(res, app.response);
      req.url = '/hello';
      req.method = 'GET';
      res.locals = Object.create(null);
      if (instrumented) expressMiddleware(req, res, noop);
      req.route = route; // what Express's router does on dispatch
      finish(res);
      return undefined;
    };
  };

  const cases: Array<[string, Request, Request]> = [
    ['Koa: ragMetrics() per request', koa(false), koa(true)],
    ['Express: ragMetrics() per request', expressApp(false), expressApp(true)],
  ];
  const results: AdapterResult[] = [];
  for (const [name, bare, instrumented] of cases) {
    const added: number[] = [];
    const baseline: number[] = [];
    for (let round = 0; round < 5; round++) {
      const b = await cpuNanos(bare, targetMs);
      const i = await cpuNanos(instrumented, targetMs);
      added.push(i - b);
      baseline.push(b);
    }
    results.push({
      name,
      addedCpuNs: spread(added).median,
      baselineCpuNs: spread(baseline).median,
    });
  }
  socket.destroy();
  return results;
}

/** CPU ns per request, including the promise jobs each one queues (drained between batches). */
async function cpuNanos(request: Request, targetMs: number): Promise<number> {
  const start = process.cpuUsage();
  let calls = 0;
  let elapsed = 0;
  while (elapsed < targetMs * 1000) {
    for (let i = 0; i < 500; i++) request();
    calls += 500;
    await new Promise((resolve) => setImmediate(resolve));
    const now = process.cpuUsage(start);
    elapsed = now.user + now.system;
  }
  return (elapsed * 1000) / calls;
}
