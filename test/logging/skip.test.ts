import Router from '@koa/router';
import { expect } from 'chai';
import express from 'express';
import Koa from 'koa';
import request from 'supertest';
import * as expressAdapter from '../../adapters/express';
import * as koaAdapter from '../../adapters/koa';
import { LogCapture } from '../helpers/log-capture';

const metricsOptions = {
  processMetrics: false,
  includeDefaultRegistry: false,
  skip: ['/healthz'],
} as const;

/** The app a README reader builds: health checks skipped by both middlewares, handlers logging. */
const APPS = {
  'Express 5': (logs: LogCapture, skip: unknown) => {
    const app = express();
    app.use(expressAdapter.ragMetrics(metricsOptions));
    app.use(expressAdapter.ragLogger({ destination: logs, skip } as never));
    app.get('/healthz', (req, res) => {
      req.log.info('probe answered');
      res.send('ok');
    });
    app.get('/hello', (_req, res) => {
      res.send('hello');
    });
    return app;
  },
  'Koa 3': (logs: LogCapture, skip: unknown) => {
    const app = new Koa();
    app.use(koaAdapter.ragMetrics(metricsOptions));
    app.use(koaAdapter.ragLogger({ destination: logs, skip } as never));
    const router = new Router();
    router.get('/healthz', (ctx) => {
      ctx.log.info('probe answered');
      ctx.body = 'ok';
    });
    router.get('/hello', (ctx) => {
      ctx.body = 'hello';
    });
    app.use(router.routes());
    return app.callback();
  },
};

for (const [name, create] of Object.entries(APPS)) {
  describe(`${name}: ragLogger({ skip })`, () => {
    for (const [shape, skip] of [
      ['a list of paths', ['/healthz']],
      ['a function', (req: { url?: string }) => req.url === '/healthz'],
    ] as const) {
      it(`should write no completion line for a request ${shape} skips, and keep its logger`, async () => {
        const logs = new LogCapture();
        const app = create(logs, skip);
        await request(app).get('/healthz').expect(200);
        await request(app).get('/hello').expect(200);
        await logs.completion(1);
        expect(logs.completions.map((line) => line.route)).to.deep.equal(['/hello']);
        expect(logs.lines.filter((line) => line.msg === 'probe answered')).to.have.length(1);
      });
    }

    it('should log the request, and warn once, when the skip function throws', async () => {
      const logs = new LogCapture();
      const app = create(logs, () => {
        throw new Error('skip failed');
      });
      await request(app).get('/hello').expect(200);
      await request(app).get('/hello').expect(200);
      await logs.completion(2);
      expect(logs.completions).to.have.length(2);
      const warnings = logs.lines.filter(
        (line) => line.msg === 'ragLogger skip threw; request logged',
      );
      expect(warnings).to.have.length(1);
      expect((warnings[0]?.err as { message?: string } | undefined)?.message).to.equal(
        'skip failed',
      );
    });
  });
}

describe('ragLogger({ skip }) validation', () => {
  it('should reject a skip that is neither a list of paths nor a function, quoting it', () => {
    expect(() => expressAdapter.ragLogger({ skip: '/healthz' } as never)).to.throw(
      TypeError,
      'rag-metrics: ragLogger option "skip" is "/healthz"; it must be an array of paths starting with "/" (no query), or a function (req) => boolean.',
    );
  });
});
