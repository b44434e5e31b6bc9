import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import express from 'express';
import pino from 'pino';
import pinoHttp from 'pino-http';
import { built } from './lib/built';
import { spread } from './lib/stats';

export interface AdapterResult {
  readonly name: string;
  /** CPU nanoseconds per request with the middleware, minus the same request without it. */
  readonly addedCpuNs: number;
  readonly baselineCpuNs: number;
}

type Request = () => Promise<unknown> | undefined;
type KoaMiddleware = (ctx: object, next: () => Promise<void>) => Promise<void>;
type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * CPU time `ragMetrics()`, `ragLogger()`, both, and pino-http alone add to one request, measured
 * in-process without sockets: each iteration builds a request and a response as the framework
 * would (for Express, with its prototypes swapped), runs the middleware (or not, for the baseline),
 * ends the response and emits 'finish' and 'close' as Node's server does (listening to 'finish'
 * itself, as the server does), so that the request is
 * recorded and logged. The loggers write to /dev/null asynchronously, as in the HTTP suite. CPU
 * time, not wall-clock, so a busy machine shifts it little; each variant alternates with the bare
 * request five times and the median difference is reported.
 */
export async function runAdapter(targetMs: number): Promise<AdapterResult[]> {
  const options = { processMetrics: false, includeDefaultRegistry: false };
  const socket = new Socket();
  const finish = (res: ServerResponse) => {
    res.statusCode = 200;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    // What `end()` sets (`writableEnded` reads it): the response completed, it was not aborted.
    (res as { finished: boolean }).finished = true;
    res.emit('finish');
    res.emit('close');
  };
  const devNull = () => pino.destination({ dest: '/dev/null', sync: false });
  // Node's HTTP server listens to every response's 'finish' (`resOnFinish`); so does this harness,
  // so that a middleware's own 'finish' listeners cost what they cost in a server: the second
  // listener of an event turns its entry into an array, copied on every emit.
  const serverOnFinish = () => {};

  const koaAdapter = built.koa();
  const koaMetrics = koaAdapter.ragMetrics(options) as unknown as KoaMiddleware;
  const koaLogger = koaAdapter.ragLogger({ destination: devNull() }) as unknown as KoaMiddleware;
  const koaPinoHttp = pinoHttp({ logger: pino(devNull()) });
  const next = () => Promise.resolve();
  const koa =
    (middleware?: KoaMiddleware): Request =>
    () => {
      const req = new IncomingMessage(socket);
      req.headers = { host: '127.0.0.1', 'user-agent': 'autocannon', connection: 'keep-alive' };
      const res = new ServerResponse(req);
      res.on('finish', serverOnFinish);
      const ctx = { req, res, method: 'GET', url: '/hello', state: {}, _matchedRoute: '/hello' };
      const done = middleware === undefined ? next() : middleware(ctx, next);
      return done.then(() => finish(res));
    };
  const koaBoth: KoaMiddleware = (ctx, after) => koaMetrics(ctx, () => koaLogger(ctx, after));
  // pino-http alone on Koa, as the HTTP suite mounts it.
  const koaPino: KoaMiddleware = (ctx, after) => {
    const { req, res } = ctx as { req: IncomingMessage; res: ServerResponse };
    koaPinoHttp(req, res);
    return after();
  };

  const expressAdapter = built.express();
  const expressMetrics = expressAdapter.ragMetrics(options) as NodeMiddleware;
  const expressLogger = expressAdapter.ragLogger({ destination: devNull() }) as NodeMiddleware;
  const expressPinoHttp = pinoHttp({ logger: pino(devNull()) }) as NodeMiddleware;
  const expressApp = (...middlewares: NodeMiddleware[]) => {
    const app = express();
    const route = { path: '/hello' };
    const noop = () => {};
    return (): undefined => {
      const req = new IncomingMessage(socket) as IncomingMessage & Record<string, unknown>;
      const res = new ServerResponse(req) as unknown as ServerResponse & Record<string, unknown>;
      res.on('finish', serverOnFinish);
      // What Express's app.handle does before the first middleware.
      Object.setPrototypeOf(req, app.request);
      Object.setPrototypeOf(res, app.response);
      req.url = '/hello';
      req.headers = { host: '127.0.0.1', 'user-agent': 'autocannon', connection: 'keep-alive' };
      req.method = 'GET';
      res.locals = Object.create(null);
      for (const middleware of middlewares) middleware(req, res, noop);
      req.route = route; // what Express's router does on dispatch
      finish(res);
      return undefined;
    };
  };

  const cases: Array<[string, Request, Request]> = [
    ['Koa: ragMetrics() per request', koa(), koa(koaMetrics)],
    ['Koa: ragLogger() per request', koa(), koa(koaLogger)],
    ['Koa: ragMetrics() + ragLogger() per request', koa(), koa(koaBoth)],
    ['Koa: pino-http alone per request', koa(), koa(koaPino)],
    ['Express: ragMetrics() per request', expressApp(), expressApp(expressMetrics)],
    ['Express: ragLogger() per request', expressApp(), expressApp(expressLogger)],
    [
      'Express: ragMetrics() + ragLogger() per request',
      expressApp(),
      expressApp(expressMetrics, expressLogger),
    ],
    ['Express: pino-http alone per request', expressApp(), expressApp(expressPinoHttp)],
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
