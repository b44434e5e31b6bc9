import { expect } from 'chai';
import express, { type NextFunction, type Request, type Response } from 'express';
import express4 from 'express4';
import request from 'supertest';
import { ragMetrics } from '../../adapters/express';
import { METRIC_NAMES } from '../../lib/metric-names';
import type { RagMetricsOptions } from '../../lib/options';
import { scrape } from '../helpers/scrape';

const OPTIONS: RagMetricsOptions = { processMetrics: false, includeDefaultRegistry: false };

interface Layer {
  handle: unknown;
}

/** The layers of the app's router: Express 5's `app.router`, Express 4's `app._router`. */
function layersOf(app: unknown): readonly Layer[] {
  const router = (app as { _router?: { stack: Layer[] } })._router;
  return router?.stack ?? (app as { router: { stack: Layer[] } }).router.stack;
}

/** Counts the requests a middleware saw: that nothing after the first layer is skipped. */
function countingMiddleware() {
  const seen = { count: 0 };
  const middleware = (_req: Request, _res: Response, next: NextFunction) => {
    seen.count++;
    next();
  };
  return { seen, middleware };
}

async function expectCounted(app: express.Express, route: string, count: number): Promise<void> {
  const metrics = await scrape(app);
  const series = metrics.histogram(METRIC_NAMES.requestDuration, {
    method: 'GET',
    route,
    status_code: '200',
  });
  // A route never measured has no series at all.
  expect(series?.count).to.equal(count === 0 ? undefined : count);
  expect(metrics.value(METRIC_NAMES.activeRequests)).to.equal(0);
}

/** An app with `middleware` first, a health check and a hello route; each asked for twice. */
async function healthAndHello(middleware: express.RequestHandler): Promise<express.Express> {
  const app = express();
  app.use(middleware);
  app.get('/healthz', (_req, res) => {
    res.send('ok');
  });
  app.get('/hello', (_req, res) => {
    res.send('hello');
  });
  for (let i = 0; i < 2; i++) {
    await request(app).get('/healthz?probe=1').expect(200, 'ok');
    await request(app).get('/hello').expect(200, 'hello');
  }
  return app;
}

/** Mounts `middlewares` in order and a hello route on `app`, then asks for it twice. */
async function helloTwice(app: express.Express, ...middlewares: express.RequestHandler[]) {
  for (const middleware of middlewares) app.use(middleware);
  app.get('/hello', (_req, res) => {
    res.send('hello');
  });
  for (let i = 0; i < 2; i++) await request(app).get('/hello').expect(200, 'hello');
}

// Express charges every middleware layer a cost of its own, about as much as what the package
// records per request (issue 14, BENCHMARKS.md). Mounted first, at `/`, on an Express 5 app, the
// middleware runs in front of the router from the second request on, and leaves the router's loop.
describe('rag-metrics/express: ragMetrics() mounted first runs in front of the router', () => {
  it('should leave the router after the first request, and measure every request as before', async () => {
    const app = express();
    const middleware = ragMetrics(OPTIONS);
    app.use(middleware);
    const { seen, middleware: counting } = countingMiddleware();
    app.use(counting);
    app.get('/docs/:id', (_req, res) => {
      res.send('doc');
    });
    expect(layersOf(app).some((layer) => layer.handle === middleware)).to.equal(true);
    for (let i = 0; i < 3; i++) await request(app).get(`/docs/${i}`).expect(200, 'doc');
    expect(layersOf(app).some((layer) => layer.handle === middleware)).to.equal(false);
    // The first request, in flight while the layer left, went on to the next layer too.
    expect(seen.count).to.equal(3);
    await expectCounted(app, '/docs/:id', 3);
    // Served in front of the router, the endpoint is not a request of the app.
    expect(seen.count).to.equal(3);
  });

  it('should skip the paths of a skip list, as the client asked for them', async () => {
    const middleware = ragMetrics({ ...OPTIONS, skip: ['/healthz'] });
    const app = await healthAndHello(middleware);
    expect(layersOf(app).some((layer) => layer.handle === middleware)).to.equal(false);
    await expectCounted(app, '/hello', 2);
    await expectCounted(app, '/healthz', 0);
  });

  it('should measure a sub-app that mounts it first, under the sub-app mount', async () => {
    const app = express();
    const v1 = express();
    const middleware = ragMetrics(OPTIONS);
    v1.use(middleware);
    v1.get('/items/:item', (_req, res) => {
      res.send('item');
    });
    app.use('/v1', v1);
    for (let i = 0; i < 3; i++) await request(app).get(`/v1/items/${i}`).expect(200, 'item');
    expect(layersOf(v1).some((layer) => layer.handle === middleware)).to.equal(false);
    const metrics = await request(app).get('/v1/metrics').expect(200);
    expect(metrics.text).to.contain(
      `${METRIC_NAMES.requestDuration}_count{method="GET",route="/v1/items/:item",status_code="200"} 3`,
    );
  });

  it('should fail the request with the error when the work in front of the router throws', async () => {
    const app = express();
    // finalhandler logs the error outside the test environment.
    app.set('env', 'test');
    const middleware = ragMetrics(OPTIONS);
    app.use(middleware);
    app.get('/hello', (_req, res) => {
      res.send('hello');
    });
    await request(app).get('/hello').expect(200);
    middleware.metrics.startRequest = () => {
      throw new Error('startRequest failed');
    };
    await request(app).get('/hello').expect(500);
  });

  describe('stays a layer where running in front of the router would change what it sees', () => {
    it('should stay a layer when it is not the first one', async () => {
      const app = express();
      const { seen, middleware: counting } = countingMiddleware();
      const middleware = ragMetrics(OPTIONS);
      await helloTwice(app, counting, middleware);
      expect(layersOf(app).map((layer) => layer.handle)).to.include(middleware);
      await expectCounted(app, '/hello', 2);
      expect(seen.count).to.equal(3);
    });

    it("should stay a layer with a skip function, which may read what Express's router sets", async () => {
      const middleware = ragMetrics({
        ...OPTIONS,
        skip: (req) => (req as Request).originalUrl.startsWith('/healthz'),
      });
      const app = await healthAndHello(middleware);
      expect(layersOf(app).map((layer) => layer.handle)).to.include(middleware);
      await expectCounted(app, '/hello', 2);
      await expectCounted(app, '/healthz', 0);
    });

    it('should stay a layer on Express 4, whose router puts layers of its own first', async () => {
      const app = express4() as unknown as express.Express;
      const middleware = ragMetrics(OPTIONS);
      await helloTwice(app, middleware);
      expect(layersOf(app).map((layer) => layer.handle)).to.include(middleware);
      await expectCounted(app, '/hello', 2);
    });
  });
});
