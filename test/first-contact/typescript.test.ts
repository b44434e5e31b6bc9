import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { consumerProject } from '../helpers/consumer-project';
import { writeApp } from './helpers';

const APP_TS = `
import express from 'express';
import Koa from 'koa';
import { createRagMetrics, type RagContext } from 'rag-metrics';
import { ragMetrics, ragOf } from 'rag-metrics/express';
import { ragMetrics as koaRagMetrics, ragOf as koaRagOf } from 'rag-metrics/koa';
import { RagMetricsCallbackHandler } from 'rag-metrics/langchain';

const app = express();
app.use(ragMetrics({ skip: ['/healthz'], metricsAuth: { bearerToken: 'secret-scrape-token' } }));
app.post('/ask', (_req, res) => {
  const rag: RagContext = ragOf(res);
  rag.recordTokens({ model: 'gpt-4o', input: 1, output: 1 });
  res.locals.rag.recordCache({ hit: true });
  res.json({ handler: typeof RagMetricsCallbackHandler });
});

const koa = new Koa();
koa.use(koaRagMetrics({ skip: (req) => req.url === '/healthz' }));
koa.use((ctx) => {
  koaRagOf(ctx).recordRelevance(0.5);
  ctx.rag.recordCache({ hit: false });
});
export const shared = createRagMetrics({ processMetrics: false });
// Members marked @internal are not published: using one is a type error in the app.
// @ts-expect-error the families
void shared.metrics;
// @ts-expect-error the resolved options
void shared.options;
// @ts-expect-error the price resolver
void shared.prices;
`;

/** TypeScript's module resolution modes, each with the module setting that selects it. */
const RESOLUTIONS = {
  'node10 ("module": "commonjs")': ['--module', 'commonjs', '--moduleResolution', 'node10'],
  node16: ['--module', 'node16', '--moduleResolution', 'node16'],
  bundler: ['--module', 'esnext', '--moduleResolution', 'bundler'],
} as const;

describe('the packed types, in every TypeScript module resolution', function () {
  this.timeout(240_000);
  const results: Record<string, Promise<string>> = {};

  before(() => {
    const project = consumerProject();
    writeApp('typed-app.ts', APP_TS);
    const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    // The three compilations run side by side: each takes seconds on a loaded machine.
    for (const [name, flags] of Object.entries(RESOLUTIONS)) {
      const args = [
        tsc,
        '--strict',
        '--noEmit',
        '--esModuleInterop',
        '--skipLibCheck',
        ...flags,
        'typed-app.ts',
      ];
      results[name] = promisify(execFile)(process.execPath, args, { cwd: project }).then(
        ({ stdout }) => stdout,
        (err: { stdout?: string }) => `tsc failed:\n${err.stdout ?? String(err)}`,
      );
    }
  });

  for (const name of Object.keys(RESOLUTIONS)) {
    it(`should type-check rag-metrics, /express, /koa and /langchain under ${name}`, async () => {
      expect(await results[name]).to.equal('');
    });
  }
});

describe('the packed declaration files', () => {
  it('should carry no @internal member (stripInternal)', function () {
    this.timeout(240_000);
    const dist = join(consumerProject(), 'node_modules', 'rag-metrics', 'dist');
    const declarations = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) =>
      /\.d\.m?ts$/.test(file),
    );
    expect(declarations.length).to.be.greaterThan(20);
    const marked = declarations.filter((file) =>
      readFileSync(join(dist, file), 'utf8').includes('@internal'),
    );
    expect(marked).to.deep.equal([]);
  });
});
