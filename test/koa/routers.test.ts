import KoaRouter from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import LegacyRouter from 'koa-router';
import request from 'supertest';
import { ragMetrics } from '../../adapters/koa';
import { METRIC_NAMES } from '../../lib/metric-names';
import { scrape } from '../helpers/scrape';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;

describe('rag-metrics/koa ragMetrics() with routers', () => {
  it('should label @koa/router nested routers with the full template, prefixes included', async () => {
    const app = new Koa();
    app.use(ragMetrics(options));
    const docs = new KoaRouter();
    docs.get('/docs/:id', (ctx) => {
      ctx.body = ctx.params.id;
    });
    const api = new KoaRouter({ prefix: '/api' });
    api.use('/v1', docs.routes());
    app.use(api.routes());
    await request(app.callback()).get('/api/v1/docs/42').expect(200, '42');
    const metrics = await scrape(app.callback());
    expect(metrics.series(METRIC_NAMES.requests)).to.deep.equal([
      { method: 'GET', route: '/api/v1/docs/:id', status_code: '200' },
    ]);
  });

  it('should label koa-router routes with their prefix', async () => {
    const app = new Koa();
    app.use(ragMetrics(options));
    const router = new LegacyRouter({ prefix: '/legacy' });
    router.get('/items/:id', (ctx) => {
      ctx.body = 'item';
    });
    app.use(router.routes());
    await request(app.callback()).get('/legacy/items/9').expect(200);
    await request(app.callback()).get('/legacy/nothing').expect(404);
    const metrics = await scrape(app.callback());
    expect(metrics.series(METRIC_NAMES.requests)).to.deep.equal([
      { method: 'GET', route: '/legacy/items/:id', status_code: '200' },
      { method: 'GET', route: '__unmatched__', status_code: '404' },
    ]);
  });

  it("should rethrow the very error it recorded, so the app's error handling sees it unchanged", async () => {
    const app = new Koa();
    const failure = Object.assign(new SyntaxError('bad query'), { status: 422, expose: true });
    const seen: unknown[] = [];
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        seen.push(err);
        ctx.status = 418;
        ctx.body = 'handled upstream';
      }
    });
    app.use(ragMetrics(options));
    app.use(() => {
      throw failure;
    });
    await request(app.callback()).get('/x').expect(418, 'handled upstream');
    expect(seen).to.deep.equal([failure]);
    expect(seen[0]).to.equal(failure);
    const metrics = await scrape(app.callback());
    // Recorded with the status the client received from the upstream handler (issue 14, defect 2).
    expect(
      metrics.value(METRIC_NAMES.requests, {
        method: 'GET',
        route: '__unmatched__',
        status_code: '418',
      }),
    ).to.equal(1);
  });

  it('should answer /metrics itself without calling the next middleware', async () => {
    const app = new Koa();
    let calls = 0;
    app.use(ragMetrics(options));
    app.use(async (ctx) => {
      calls++;
      ctx.body = 'app';
    });
    await scrape(app.callback());
    expect(calls).to.equal(0);
  });
});
