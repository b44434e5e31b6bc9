import Router from '@koa/router';
import { expect } from 'chai';
import Koa3 from 'koa';
import Koa2 from 'koa2';
import request from 'supertest';
import { ragMetrics } from '../../adapters/koa';
import { METRIC_NAMES } from '../../lib/metric-names';
import { scrape } from '../helpers/scrape';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;

class ValidationError extends Error {}

const KOAS = [
  { name: 'Koa 2', Koa: Koa2 as unknown as typeof Koa3 },
  { name: 'Koa 3', Koa: Koa3 },
];

for (const { name, Koa } of KOAS) {
  describe(`${name}: ragMetrics() records the status the client received`, () => {
    /** The usual app shape: an error handler first, then the metrics, then the routes. */
    function appWithErrorHandler() {
      const app = new Koa();
      app.silent = true;
      app.use(async (ctx, next) => {
        try {
          await next();
        } catch (err) {
          ctx.status = err instanceof ValidationError ? 422 : 503;
          ctx.body = { error: (err as Error).message };
        }
      });
      app.use(ragMetrics(options));
      const router = new Router();
      router.post('/ask', () => {
        throw new ValidationError('question is empty');
      });
      router.get('/upstream', () => {
        throw new TypeError('provider down');
      });
      app.use(router.routes());
      return app.callback();
    }

    it('should record 422 and no error when an outer handler answers a thrown error with 422', async () => {
      const app = appWithErrorHandler();
      await request(app).post('/ask').expect(422);
      const metrics = await scrape(app);
      expect(metrics.series(METRIC_NAMES.requests)).to.deep.equal([
        { method: 'POST', route: '/ask', status_code: '422' },
      ]);
      expect(metrics.series(METRIC_NAMES.errors)).to.deep.equal([]);
    });

    it('should count a 5xx the outer handler answered under the thrown error class', async () => {
      const app = appWithErrorHandler();
      await request(app).get('/upstream').expect(503);
      const metrics = await scrape(app);
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'GET',
          route: '/upstream',
          status_code: '503',
        }),
      ).to.equal(1);
      expect(
        metrics.value(METRIC_NAMES.errors, { route: '/upstream', error_type: 'TypeError' }),
      ).to.equal(1);
    });

    it('should record the status Koa itself answers an unhandled error with', async () => {
      const app = new Koa();
      app.silent = true;
      app.use(ragMetrics(options));
      const router = new Router();
      router.get('/teapot', (ctx) => ctx.throw(418, 'short and stout'));
      // Not a status Koa knows: it answers 500.
      router.get('/odd', () => {
        throw Object.assign(new Error('odd'), { status: 499 });
      });
      router.get('/missing-file', () => {
        throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      });
      app.use(router.routes());
      const server = app.callback();
      await request(server).get('/teapot').expect(418);
      await request(server).get('/odd').expect(500);
      const missing = await request(server).get('/missing-file');
      const metrics = await scrape(server);
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'GET',
          route: '/teapot',
          status_code: '418',
        }),
      ).to.equal(1);
      expect(
        metrics.value(METRIC_NAMES.requests, { method: 'GET', route: '/odd', status_code: '500' }),
      ).to.equal(1);
      expect(metrics.value(METRIC_NAMES.errors, { route: '/odd', error_type: 'Error' })).to.equal(
        1,
      );
      // Koa 2 answers ENOENT with 404, Koa 3 with 500: the label is what the client got.
      expect(missing.status).to.equal(name === 'Koa 2' ? 404 : 500);
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'GET',
          route: '/missing-file',
          status_code: String(missing.status),
        }),
      ).to.equal(1);
    });
  });
}
