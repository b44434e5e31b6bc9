import { expect } from 'chai';
import express from 'express';
import Koa from 'koa';
import request from 'supertest';
import { ragMetrics as expressMetrics, ragOf as expressRagOf } from '../../adapters/express';
import { ragMetrics as koaMetrics, ragOf as koaRagOf } from '../../adapters/koa';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;
const notMounted = (call: string) =>
  `rag-metrics: ${call} found no RagContext: ragMetrics() is not mounted before this route. Call app.use(ragMetrics()) before the routes and routers that record, or remove this request's path from the skip option.`;

describe('ragOf(res) from rag-metrics/express', () => {
  const app = express();
  app.get('/early', (_req, res) => {
    try {
      expressRagOf(res);
      res.send('found');
    } catch (err) {
      res.status(500).send((err as Error).message);
    }
  });
  app.use(expressMetrics(options));
  app.get('/late', (_req, res) => {
    res.send(String(expressRagOf(res) === res.locals.rag));
  });

  it('should return the request context in a route mounted after ragMetrics()', async () => {
    await request(app).get('/late').expect(200, 'true');
  });

  it('should say that ragMetrics() is not mounted before a route defined earlier', async () => {
    await request(app).get('/early').expect(500, notMounted('ragOf(res)'));
  });

  it('should still find the context after the response was recorded (late spend)', async () => {
    const lateApp = express();
    const metrics = expressMetrics(options);
    lateApp.use(metrics);
    const late = new Promise<unknown>((resolve) => {
      lateApp.get('/stream', (_req, res) => {
        res.on('close', () =>
          setImmediate(() => {
            try {
              expressRagOf(res).recordCost(0.5, 'gpt-4o');
              resolve('recorded');
            } catch (err) {
              resolve(err);
            }
          }),
        );
        res.send('done');
      });
    });
    await request(lateApp).get('/stream').expect(200);
    expect(await late).to.equal('recorded');
    const text = await metrics.metrics.render();
    expect(text).to.contain('rag_cost_usd_total{model="gpt-4o"} 0.5');
  });
});

describe('ragOf(ctx) from rag-metrics/koa', () => {
  const app = new Koa();
  app.use(async (ctx, next) => {
    if (ctx.path !== '/early') return next();
    try {
      koaRagOf(ctx);
      ctx.body = 'found';
    } catch (err) {
      ctx.status = 500;
      ctx.body = (err as Error).message;
    }
  });
  app.use(koaMetrics(options));
  app.use((ctx) => {
    ctx.body = String(koaRagOf(ctx) === ctx.rag);
  });
  const server = app.callback();

  it('should return ctx.rag in middleware mounted after ragMetrics()', async () => {
    await request(server).get('/late').expect(200, 'true');
  });

  it('should say that ragMetrics() is not mounted before middleware that runs earlier', async () => {
    await request(server).get('/early').expect(500, notMounted('ragOf(ctx)'));
  });
});
