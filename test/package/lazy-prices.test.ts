import { calcPrice } from '@pydantic/genai-prices';
import { expect } from 'chai';
import { runFresh } from '../helpers/fresh-process';
import { Exposition } from '../helpers/scrape';

/** An expression: whether the price catalogue's module has been loaded in the fresh process. */
const CATALOGUE_LOADED = String.raw`Object.keys(require.cache).some((file) => /node_modules[\\/]@pydantic[\\/]genai-prices[\\/]/.test(file))`;

/** A call the catalogue prices (gpt-4o-mini), as a handler records it. */
const USAGE = "{ model: 'gpt-4o-mini', input: 1000, output: 500 }";

/**
 * A user's app on `framework` with `ragMetrics()`: `GET /hello` records nothing, `POST /ask` records
 * one LLM call. The script prints whether the catalogue was loaded after the instance was made,
 * after `/hello` and after `/ask`, and the metrics.
 */
function appScript(framework: 'express' | 'koa'): string {
  const app =
    framework === 'express'
      ? `
        const app = require('express')();
        app.use(ragMetrics(OPTIONS));
        app.get('/hello', (_req, res) => res.send('hello'));
        app.post('/ask', (_req, res) => {
          res.locals.rag.recordTokens(${USAGE});
          res.send('answer');
        });
        const listener = app;`
      : `
        const Koa = require('koa');
        const Router = require('@koa/router');
        const app = new Koa();
        app.use(ragMetrics(OPTIONS));
        const router = new Router();
        router.get('/hello', (ctx) => { ctx.body = 'hello'; });
        router.post('/ask', (ctx) => {
          ctx.rag.recordTokens(${USAGE});
          ctx.body = 'answer';
        });
        app.use(router.routes());
        const listener = app.callback();`;
  return `
    const request = require('supertest');
    const { ragMetrics } = require('./adapters/${framework}.ts');
    const OPTIONS = { includeDefaultRegistry: false, processMetrics: false };
    ${app}
    const afterImport = ${CATALOGUE_LOADED};
    (async () => {
      await request(listener).get('/hello').expect(200);
      const afterHello = ${CATALOGUE_LOADED};
      await request(listener).post('/ask').expect(200);
      const afterSpend = ${CATALOGUE_LOADED};
      const metrics = (await request(listener).get('/metrics')).text;
      process.stdout.write(JSON.stringify({ afterImport, afterHello, afterSpend, metrics }));
    })();
  `;
}

interface FreshRun {
  afterImport: boolean;
  afterHello: boolean;
  afterSpend: boolean;
  metrics: string;
}

/**
 * The catalogue's data takes about 2 MB of heap and 75 ms to load (BENCHMARKS.md, issue 14): it is
 * loaded when the first cost is priced, and that first cost is the catalogue's price, not the
 * fallback rate.
 */
describe('package: the price catalogue loaded when the first cost is priced', () => {
  const catalogueCost = calcPrice({ input_tokens: 1000, output_tokens: 500 }, 'gpt-4o-mini', {
    providerId: 'openai',
  })?.total_price;

  for (const framework of ['express', 'koa'] as const) {
    it(`should load it on ${framework} at the first recorded call, which it prices`, () => {
      const run = runFresh(appScript(framework)) as FreshRun;
      expect({
        afterImport: run.afterImport,
        afterHello: run.afterHello,
        afterSpend: run.afterSpend,
      }).to.deep.equal({ afterImport: false, afterHello: false, afterSpend: true });
      expect(catalogueCost).to.be.a('number').above(0);
      const cost = new Exposition(run.metrics).value('rag_cost_usd_total', {
        model: 'gpt-4o-mini',
      });
      expect(cost).to.be.closeTo(catalogueCost as number, 1e-12);
    });
  }

  it('should load it when waitForUpdate() is awaited at startup, before any request', () => {
    const run = runFresh(`
      const { createRagMetrics, waitForUpdate } = require('./lib/index.ts');
      createRagMetrics({ includeDefaultRegistry: false, processMetrics: false });
      const beforeWait = ${CATALOGUE_LOADED};
      waitForUpdate().then(() => {
        process.stdout.write(JSON.stringify({ beforeWait, afterWait: ${CATALOGUE_LOADED} }));
      });
    `);
    expect(run).to.deep.equal({ beforeWait: false, afterWait: true });
  });
});
