import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { expect } from 'chai';
import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { ragMetrics } from '../../adapters/express';
import { METRIC_NAMES } from '../../lib/metric-names';
import { scrape } from '../helpers/scrape';

type Emit = (this: ServerResponse, event: string | symbol, ...args: unknown[]) => boolean;

/** A per-request `emit` that passes every event on to the one the response had, as tracing agents do. */
function wrapEmitCallingThrough(_req: Request, res: Response, next: NextFunction): void {
  const previous = res.emit as Emit;
  res.emit = function wrappedEmit(
    this: ServerResponse,
    event: string | symbol,
    ...args: unknown[]
  ) {
    return previous.call(this, event, ...args);
  } as Response['emit'];
  next();
}

/** A per-request `emit` that goes straight to EventEmitter's, past every prototype Express set up. */
function emitPastPrototypes(_req: Request, res: Response, next: NextFunction): void {
  res.emit = function ownEmit(this: ServerResponse, event: string | symbol, ...args: unknown[]) {
    return EventEmitter.prototype.emit.call(this, event, ...args);
  } as Response['emit'];
  next();
}

function helloApp(before?: express.RequestHandler, after?: express.RequestHandler) {
  const app = express();
  if (before !== undefined) app.use(before);
  app.use(ragMetrics({ processMetrics: false, includeDefaultRegistry: false }));
  if (after !== undefined) app.use(after);
  app.get('/hello', (_req, res) => {
    res.send('hello');
  });
  return app;
}

async function expectRecorded(app: express.Express, route: string, count: number): Promise<void> {
  const metrics = await scrape(app);
  expect(
    metrics.histogram(METRIC_NAMES.requestDuration, { method: 'GET', route, status_code: '200' })
      ?.count,
  ).to.equal(count);
  expect(metrics.value(METRIC_NAMES.activeRequests)).to.equal(0);
}

// Express responses are recorded from the `emit` of Express's shared response prototype rather
// than a 'close' listener per request (issue 14, performance); whatever else sets `emit`, every
// request is still recorded exactly once.
describe("rag-metrics/express: recording when the response closes, whatever its 'emit'", () => {
  for (const [where, before, after] of [
    ['before', wrapEmitCallingThrough, undefined],
    ['after', undefined, wrapEmitCallingThrough],
  ] as const) {
    it(`should record each request once when a middleware mounted ${where} it wraps emit per request`, async () => {
      const app = helloApp(before, after);
      for (let i = 0; i < 3; i++) await request(app).get('/hello').expect(200, 'hello');
      await expectRecorded(app, '/hello', 3);
    });
  }

  it("should record a request whose own emit never reaches Express's prototypes", async () => {
    const app = helloApp(emitPastPrototypes);
    for (let i = 0; i < 2; i++) await request(app).get('/hello').expect(200, 'hello');
    await expectRecorded(app, '/hello', 2);
  });

  it('should record a request a sub-app answered, under its full route', async () => {
    const app = express();
    app.use(ragMetrics({ processMetrics: false, includeDefaultRegistry: false }));
    const v1 = express();
    v1.get('/hello', (_req, res) => {
      res.send('hello');
    });
    app.use('/v1', v1);
    for (let i = 0; i < 2; i++) await request(app).get('/v1/hello').expect(200, 'hello');
    await expectRecorded(app, '/v1/hello', 2);
  });
});
