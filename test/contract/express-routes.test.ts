import type { RequestListener } from 'node:http';
import { expect } from 'chai';
import express5, { type Request } from 'express';
import express4 from 'express4';
import request from 'supertest';
import { ragMetrics } from '../../adapters/express';
import { METRIC_NAMES, UNMATCHED_ROUTE } from '../../lib/metric-names';
import type { RagMetricsOptions } from '../../lib/options';
import { scrape } from '../helpers/scrape';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;

const EXPRESSES = [
  { name: 'Express 4', express: express4 as unknown as typeof express5 },
  { name: 'Express 5', express: express5 },
];

async function routesAfter(app: unknown, paths: readonly string[]): Promise<string[]> {
  const listener = app as RequestListener;
  for (const path of paths) await request(listener).get(path).expect(200);
  const metrics = await scrape(listener);
  return metrics.series(METRIC_NAMES.requests).map((labels) => labels.route as string);
}

for (const { name, express } of EXPRESSES) {
  describe(`${name}: ragMetrics() route label is the template`, () => {
    function appWith(extra: RagMetricsOptions = {}) {
      const app = express();
      app.use(ragMetrics({ ...options, ...extra }));
      return app;
    }

    it('should keep a parameter mount pattern, not the tenant it matched', async () => {
      const app = appWith();
      const docs = express.Router();
      docs.get('/docs/:id', (_req, res) => {
        res.send('doc');
      });
      app.use('/tenants/:tenant', docs);
      expect(await routesAfter(app, ['/tenants/a/docs/1', '/tenants/b/docs/2'])).to.deep.equal([
        '/tenants/:tenant/docs/:id',
      ]);
    });

    it('should join nested parameter mounts', async () => {
      const app = appWith();
      const items = express.Router();
      items.get('/items/:item', (_req, res) => {
        res.send('item');
      });
      const projects = express.Router();
      projects.use('/projects/:project', items);
      app.use('/orgs/:org', projects);
      expect(
        await routesAfter(app, ['/orgs/o1/projects/p1/items/i1', '/orgs/o2/projects/p2/items/i2']),
      ).to.deep.equal(['/orgs/:org/projects/:project/items/:item']);
    });

    it('should include a sub-app mount and app.route()', async () => {
      const app = appWith();
      const v1 = express();
      v1.route('/answers/:id').get((_req, res) => {
        res.send('answer');
      });
      app.use('/v1', v1);
      expect(await routesAfter(app, ['/v1/answers/7'])).to.deep.equal(['/v1/answers/:id']);
    });

    it('should render array and RegExp mounts from the code, whatever the URL', async () => {
      const app = appWith();
      const router = express.Router();
      router.get('/status', (_req, res) => {
        res.send('ok');
      });
      app.use(['/alpha', '/beta'], router);
      app.use(/^\/v\d+/, router);
      expect(
        await routesAfter(app, ['/alpha/status', '/beta/status', '/v1/status', '/v22/status']),
      ).to.deep.equal([
        '/alpha,/beta/status',
        // The RegExp as written, then the route.
        `${String(/^\/v\d+/).slice(0, -1)}/status`,
      ]);
    });

    it('should record case variants of a URL as the one route they match', async () => {
      const app = appWith();
      const api = express.Router();
      api.get('/ask', (_req, res) => {
        res.send('answer');
      });
      app.use('/api', api);
      expect(await routesAfter(app, ['/api/ask', '/API/ask', '/aPi/ASK'])).to.deep.equal([
        '/api/ask',
      ]);
    });

    it('should keep the mount pattern of a route that threw', async () => {
      const app = appWith();
      const docs = express.Router();
      docs.get('/docs/:id', () => {
        throw new TypeError('bad id');
      });
      app.use('/tenants/:tenant', docs);
      await request(app).get('/tenants/a/docs/1').expect(500);
      const metrics = await scrape(app as unknown as RequestListener);
      expect(metrics.series(METRIC_NAMES.requests)).to.deep.equal([
        { method: 'GET', route: '/tenants/:tenant/docs/:id', status_code: '500' },
      ]);
    });

    it('should label a request no route matched __unmatched__, even under a parameter mount', async () => {
      const app = appWith();
      app.use('/tenants/:tenant', express.Router());
      await request(app).get('/tenants/a/nothing').expect(404);
      const metrics = await scrape(app as unknown as RequestListener);
      expect(metrics.series(METRIC_NAMES.requests)).to.deep.equal([
        { method: 'GET', route: UNMATCHED_ROUTE, status_code: '404' },
      ]);
    });

    it('should use normalizeRoute(req, template) for the label', async () => {
      const app = appWith({
        normalizeRoute: (req, template) =>
          template.startsWith('/tenants/') ? `${(req as Request).method}:${template}` : template,
      });
      const docs = express.Router();
      docs.get('/docs/:id', (_req, res) => {
        res.send('doc');
      });
      app.use('/tenants/:tenant', docs);
      expect(await routesAfter(app, ['/tenants/a/docs/1'])).to.deep.equal([
        'GET:/tenants/:tenant/docs/:id',
      ]);
    });
  });
}

describe('ragMetrics({ normalizeRoute })', () => {
  it('should refuse a normalizeRoute that is not a function, naming the option', () => {
    expect(() => ragMetrics({ normalizeRoute: '/x' as never })).to.throw(
      TypeError,
      'rag-metrics: option "normalizeRoute" is "/x"; it must be a function (req, template) => string.',
    );
  });

  it('should drop a label normalizeRoute got wrong, count it and keep the template', async () => {
    const warnings: string[] = [];
    const app = express5();
    app.use(
      ragMetrics({
        ...options,
        onWarning: (warning) => warnings.push(warning.message),
        normalizeRoute: () => 42 as unknown as string,
      }),
    );
    app.get('/hello', (_req, res) => {
      res.send('hi');
    });
    await request(app).get('/hello').expect(200);
    await request(app).get('/hello').expect(200);
    const metrics = await scrape(app as unknown as RequestListener);
    expect(
      metrics.value(METRIC_NAMES.requests, { method: 'GET', route: '/hello', status_code: '200' }),
    ).to.equal(2);
    expect(metrics.value(METRIC_NAMES.rejected, { reason: 'invalid_value' })).to.equal(2);
    expect(warnings).to.deep.equal([
      'rag-metrics: dropped normalizeRoute value 42; expected a non-empty string (the route label). Further normalizeRoute values like it are dropped silently and counted in rag_metrics_rejected_total{reason="invalid_value"}.',
    ]);
  });
});
