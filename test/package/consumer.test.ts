import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { consumerProject, run } from '../helpers/consumer-project';

const EXPRESS_TS = `
import express from 'express';
import { logQuery, ragMetrics, ragErrorHandler, ragLogger } from 'rag-metrics/express';
import { calculateCost, createRagMetrics, type RagContext } from 'rag-metrics';

const app = express();
app.use(ragMetrics({ processMetrics: false }));
app.use(ragLogger({ level: 'warn', logQueries: false }));
app.post('/ask', (req, res) => {
  req.log.info({ id: req.id }, 'asking');
  logQuery(res, 'what is rag?');
  const rag: RagContext = res.locals.rag;
  res.locals.rag.recordTokens({ model: 'gpt-4o', input: 812, output: 164, cachedInput: 0 });
  rag.recordCache({ hit: false, type: 'semantic' });
  res.json({ cost: calculateCost({ model: 'gpt-4o', input: 1, output: 1 }) });
});
app.use(ragErrorHandler());
export const shared = createRagMetrics({ processMetrics: false });
`;

const KOA_TS = `
import Koa from 'koa';
import { logQuery, ragLogger, ragMetrics } from 'rag-metrics/koa';

const app = new Koa();
app.use(ragMetrics({ processMetrics: false }));
app.use(ragLogger({ headers: false }));
app.use(async (ctx) => {
  ctx.log.info('answering');
  logQuery(ctx, 'what is rag?');
  ctx.rag.recordTokens({ model: 'claude-sonnet-4', input: 900, output: 210 });
  ctx.body = 'ok';
});
export default app;
`;

/** A tiny app on the installed package: one request that records tokens, then its cost line. */
const SMOKE = (load: string, framework: 'express' | 'koa') => `
${load}
const app = ${
  framework === 'express'
    ? `require('express')();
app.use(ragMetrics({ processMetrics: false }));
app.get('/ask', (req, res) => { res.locals.rag.recordTokens({ model: 'gpt-4o', input: 1000, output: 0 }); res.send('ok'); });`
    : `new (require('koa'))();
app.use(ragMetrics({ processMetrics: false }));
app.use((ctx) => { ctx.rag.recordTokens({ model: 'gpt-4o', input: 1000, output: 0 }); ctx.body = 'ok'; });`
};
const server = app.listen(0, async () => {
  const base = 'http://127.0.0.1:' + server.address().port;
  await fetch(base + '/ask');
  const text = await (await fetch(base + '/metrics')).text();
  console.log(text.split('\\n').filter((line) => line.startsWith('rag_cost_usd_total{')).join('\\n'));
  server.close();
});
`;

/** A retriever and a fake chat model in a chain, run under `monitor()`; prints the stage counts. */
const LANGCHAIN_SMOKE = (style: 'require' | 'import') => `
${
  style === 'import'
    ? `import { RagMetricsCallbackHandler } from 'rag-metrics/langchain';
import { createRagMetrics } from 'rag-metrics';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { BaseRetriever } from '@langchain/core/retrievers';
import { Document } from '@langchain/core/documents';`
    : `const { RagMetricsCallbackHandler } = require('rag-metrics/langchain');
const { createRagMetrics } = require('rag-metrics');
const { FakeListChatModel } = require('@langchain/core/utils/testing');
const { BaseRetriever } = require('@langchain/core/retrievers');
const { Document } = require('@langchain/core/documents');`
}
class Docs extends BaseRetriever {
  lc_namespace = ['consumer'];
  async _getRelevantDocuments() { return [new Document({ pageContent: 'Paris' })]; }
}
const metrics = createRagMetrics({ processMetrics: false, includeDefaultRegistry: false });
(async () => {
  await metrics.monitor('q', async (rag) => {
    const chain = new Docs().pipe(() => 'Capital?').pipe(new FakeListChatModel({ responses: ['Paris.'] }));
    await chain.invoke('Capital?', { callbacks: [new RagMetricsCallbackHandler(rag)] });
  });
  const text = await metrics.render();
  console.log(text.split('\\n').filter((line) => line.startsWith('rag_stage_duration_seconds_count')).join('\\n'));
})();
`;

describe('the packed package, installed in a consumer project', function () {
  this.timeout(180_000);
  let consumer: string;

  before(() => {
    consumer = consumerProject();
  });

  it('should load every entry point with require()', () => {
    const output = run(consumer, 'node', [
      '-e',
      "for (const p of ['rag-metrics', 'rag-metrics/express', 'rag-metrics/koa']) console.log(p, Object.keys(require(p)).sort().join(','))",
    ]);
    expect(output).to.include(
      'rag-metrics/express REQUEST_RECORDED_CHANNEL,RagMetrics,createRagMetrics,logQuery,onRequestRecorded,ragErrorHandler,ragFeedbackHandler,ragLogger,ragMetrics,ragOf',
    );
    expect(output).to.include(
      'rag-metrics/koa REQUEST_RECORDED_CHANNEL,RagMetrics,createRagMetrics,logQuery,onRequestRecorded,ragFeedbackHandler,ragLogger,ragMetrics,ragOf',
    );
  });

  it('should load rag-metrics/otel with require() and import, without the OpenTelemetry SDK installed', () => {
    const required = run(consumer, 'node', [
      '-e',
      "console.log(Object.keys(require('rag-metrics/otel')).sort().join(','))",
    ]);
    expect(required.trim()).to.equal(
      'GEN_AI_OPT_IN,SEMCONV_DEFAULT_VERSION,SEMCONV_LATEST_VERSION,bridgeToOpenTelemetry',
    );
    const imported = run(consumer, 'node', [
      '--input-type=module',
      '-e',
      "import { bridgeToOpenTelemetry, SEMCONV_DEFAULT_VERSION } from 'rag-metrics/otel'; console.log(typeof bridgeToOpenTelemetry, SEMCONV_DEFAULT_VERSION);",
    ]);
    expect(imported.trim()).to.equal('function 1.36.0');
  });

  it('should load every entry point with import, as the same module instances', () => {
    const output = run(consumer, 'node', [
      '--input-type=module',
      '-e',
      "import { ragMetrics } from 'rag-metrics/express'; import * as koa from 'rag-metrics/koa'; import { RagMetrics } from 'rag-metrics'; import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); console.log(typeof ragMetrics, typeof koa.ragMetrics, RagMetrics === require('rag-metrics').RagMetrics);",
    ]);
    expect(output.trim()).to.equal('function function true');
  });

  it('should record a LangChain chain through rag-metrics/langchain, with require and with import', () => {
    // @langchain/core ships both builds, so an ESM app's chain runs on classes other than the ones
    // the handler (CommonJS) extends: this checks LangChain still calls it.
    const expected = [
      'rag_stage_duration_seconds_count{route="q",stage="retrieval"} 1',
      'rag_stage_duration_seconds_count{route="q",stage="generation"} 1',
    ].join('\n');
    writeFileSync(join(consumer, 'langchain-smoke.cjs'), LANGCHAIN_SMOKE('require'));
    writeFileSync(join(consumer, 'langchain-smoke.mjs'), LANGCHAIN_SMOKE('import'));
    expect(run(consumer, 'node', ['langchain-smoke.cjs']).trim()).to.equal(expected);
    expect(run(consumer, 'node', ['langchain-smoke.mjs']).trim()).to.equal(expected);
  });

  for (const framework of ['express', 'koa'] as const) {
    it(`should record and serve metrics from the installed package on ${framework} (CommonJS and ESM)`, () => {
      const expected = 'rag_cost_usd_total{model="gpt-4o"} 0.0025';
      const entry = `rag-metrics/${framework}`;
      writeFileSync(
        join(consumer, `smoke-${framework}.cjs`),
        SMOKE(`const { ragMetrics } = require('${entry}');`, framework),
      );
      expect(run(consumer, 'node', [`smoke-${framework}.cjs`]).trim()).to.equal(expected);
      writeFileSync(
        join(consumer, `smoke-${framework}.mjs`),
        SMOKE(
          `import { ragMetrics } from '${entry}'; import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);`,
          framework,
        ),
      );
      expect(run(consumer, 'node', [`smoke-${framework}.mjs`]).trim()).to.equal(expected);
    });
  }

  it('should type-check res.locals.rag, ctx.rag, req.log and ctx.log under tsc --strict, as CommonJS and as ESM', () => {
    writeFileSync(join(consumer, 'express-app.cts'), EXPRESS_TS);
    writeFileSync(join(consumer, 'express-app.mts'), EXPRESS_TS);
    writeFileSync(
      join(consumer, 'koa-app.cts'),
      KOA_TS.replace('export default app;', 'export = app;'),
    );
    writeFileSync(join(consumer, 'koa-app.mts'), KOA_TS);
    const tsc = join(consumer, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = [
      '--strict',
      '--noEmit',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--esModuleInterop',
      '--skipLibCheck',
      'false',
    ];
    const files = ['express-app.cts', 'express-app.mts', 'koa-app.cts', 'koa-app.mts'];
    expect(
      run(consumer, 'node', [tsc, ...args.filter((arg) => arg !== 'false'), ...files]),
    ).to.equal('');
  });
});
