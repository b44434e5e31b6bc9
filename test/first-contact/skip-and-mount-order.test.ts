import { expect } from 'chai';
import { exerciseApp } from './helpers';

const NOT_MOUNTED = (call: string) =>
  `rag-metrics: ${call} found no RagContext: ragMetrics() is not mounted before this route. Call app.use(ragMetrics()) before the routes and routers that record, or remove this request's path from the skip option.`;

describe('skip and mount order (packed package)', function () {
  this.timeout(240_000);

  it('Express: skip leaves health checks out of every metric', () => {
    const { metrics } = exerciseApp(
      'skip-express.cjs',
      `
const express = require('express');
const { ragMetrics } = require('rag-metrics/express');
const app = express();
app.use(ragMetrics({ skip: ['/healthz', '/readyz'] }));
app.get('/healthz', (req, res) => res.send('ok'));
app.get('/hello', (req, res) => res.send('hello'));
`,
      {
        requests: [
          ['GET', '/healthz'],
          ['GET', '/healthz?full=1'],
          ['GET', '/hello'],
        ],
      },
    );
    expect(metrics.series('rag_requests_total')).to.deep.equal([
      { method: 'GET', route: '/hello', status_code: '200' },
    ]);
  });

  it('Koa: a skip function leaves out what it picks', () => {
    const { metrics } = exerciseApp(
      'skip-koa.mjs',
      `
import Koa from 'koa';
import Router from '@koa/router';
import { ragMetrics } from 'rag-metrics/koa';
const app = new Koa();
const router = new Router();
app.use(ragMetrics({ skip: (req) => req.headers['user-agent']?.startsWith('kube-probe/') }));
router.get('/hello', (ctx) => { ctx.body = 'hello'; });
app.use(router.routes());
`,
      {
        requests: [
          ['GET', '/hello', { 'user-agent': 'kube-probe/1.31' }],
          ['GET', '/hello'],
        ],
      },
    );
    expect(
      metrics.value('rag_requests_total', { method: 'GET', route: '/hello', status_code: '200' }),
    ).to.equal(1);
  });

  it('Express: ragOf(res) in a route defined before ragMetrics() says what is wrong', () => {
    const { responses } = exerciseApp(
      'mount-order-express.cjs',
      `
const express = require('express');
const { ragMetrics, ragOf } = require('rag-metrics/express');
const app = express();
app.post('/ask', (req, res) => {
  ragOf(res).recordTokens({ model: 'gpt-4o', input: 1, output: 1 });
  res.send('ok');
});
app.use(ragMetrics());
app.use((err, req, res, next) => res.status(500).send(err.message));
`,
      { requests: [['POST', '/ask']] },
    );
    expect(responses).to.deep.equal([{ status: 500, body: NOT_MOUNTED('ragOf(res)') }]);
  });

  it('Koa: ragOf(ctx) in middleware that runs before ragMetrics() says what is wrong', () => {
    const { responses } = exerciseApp(
      'mount-order-koa.cjs',
      `
const Koa = require('koa');
const { ragMetrics, ragOf } = require('rag-metrics/koa');
const app = new Koa();
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    ctx.body = err.message;
  }
});
app.use(async (ctx, next) => {
  if (ctx.path !== '/ask') return next();
  ragOf(ctx).recordTokens({ model: 'gpt-4o', input: 1, output: 1 });
  ctx.body = 'ok';
});
app.use(ragMetrics());
`,
      { requests: [['POST', '/ask']] },
    );
    expect(responses).to.deep.equal([{ status: 500, body: NOT_MOUNTED('ragOf(ctx)') }]);
  });
});
