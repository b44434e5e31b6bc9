import type { RequestListener } from 'node:http';
import KoaRouter from '@koa/router';
import { expect } from 'chai';
import express5 from 'express';
import express4 from 'express4';
import Koa3 from 'koa';
import Koa2 from 'koa2';
import request from 'supertest';
import { ragMetrics as expressMetrics } from '../../adapters/express';
import { ragMetrics as koaMetrics } from '../../adapters/koa';
import { METRIC_NAMES } from '../../lib/metric-names';
import { createRagMetrics } from '../../lib/rag-metrics';
import { scrape } from '../helpers/scrape';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;

/** The same middleware on the app and again on a router, as apps do when a router is reused. */
const APPS: { name: string; create(): RequestListener }[] = [
  ...[
    { name: 'Express 4', express: express4 as unknown as typeof express5 },
    { name: 'Express 5', express: express5 },
  ].map(({ name, express }) => ({
    name,
    create() {
      const metrics = expressMetrics(options);
      const app = express();
      app.use(metrics);
      const docs = express.Router();
      docs.use(metrics);
      docs.get('/:id', (req, res) => {
        res.locals.rag.recordTokens({ model: 'gpt-4o', input: 10, output: 1, costUsd: 0.5 });
        res.send(req.params.id);
      });
      app.use('/docs', docs);
      return app as unknown as RequestListener;
    },
  })),
  ...[
    { name: 'Koa 2', Koa: Koa2 as unknown as typeof Koa3 },
    { name: 'Koa 3', Koa: Koa3 },
  ].map(({ name, Koa }) => ({
    name,
    create() {
      const metrics = koaMetrics(options);
      const app = new Koa();
      app.use(metrics);
      const docs = new KoaRouter({ prefix: '/docs' });
      docs.use(metrics);
      docs.get('/:id', (ctx) => {
        ctx.rag.recordTokens({ model: 'gpt-4o', input: 10, output: 1, costUsd: 0.5 });
        ctx.body = ctx.params.id;
      });
      app.use(docs.routes());
      return app.callback();
    },
  })),
];

for (const { name, create } of APPS) {
  describe(`${name}: ragMetrics() mounted twice`, () => {
    it('should record each request once and bring rag_active_requests back to 0', async () => {
      const app = create();
      for (const id of ['a', 'b', 'c']) await request(app).get(`/docs/${id}`).expect(200, id);
      const metrics = await scrape(app);
      expect(metrics.value(METRIC_NAMES.activeRequests)).to.equal(0);
      expect(metrics.series(METRIC_NAMES.requests)).to.deep.equal([
        { method: 'GET', route: '/docs/:id', status_code: '200' },
      ]);
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'GET',
          route: '/docs/:id',
          status_code: '200',
        }),
      ).to.equal(3);
      expect(metrics.value(METRIC_NAMES.cost, { model: 'gpt-4o' })).to.equal(1.5);
      expect(metrics.histogram(METRIC_NAMES.requestCost, { model: 'gpt-4o' })?.count).to.equal(3);
    });
  });
}

describe('two instances on one request', () => {
  it('should let each instance record the request once', async () => {
    const first = createRagMetrics(options);
    const second = createRagMetrics(options);
    const app = express5();
    app.use(expressMetrics(first));
    app.use(expressMetrics(second));
    app.get('/hello', (_req, res) => {
      res.send('hi');
    });
    await request(app).get('/hello').expect(200);
    for (const instance of [first, second]) {
      const metrics = await scrape(async (_req, res) => {
        res.setHeader('content-type', instance.contentType);
        res.end(await instance.render());
      });
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'GET',
          route: '/hello',
          status_code: '200',
        }),
      ).to.equal(1);
      expect(metrics.value(METRIC_NAMES.activeRequests)).to.equal(0);
    }
  });
});
