import { expect } from 'chai';
import request from 'supertest';
import { METRIC_NAMES } from '../../lib/metric-names';
import { createRagMetrics } from '../../lib/rag-metrics';
import type { RagMetricsWarning } from '../../lib/types';
import { FLAVOURS } from '../fixtures/flavours';
import { scrape } from '../helpers/scrape';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;
const hello = { method: 'GET', route: '/hello', status_code: '200' };

for (const flavour of FLAVOURS) {
  describe(`${flavour.name}: ragMetrics({ skip })`, () => {
    it('should leave the listed paths out of every metric, with or without a query string', async () => {
      const app = flavour.create({ ...options, skip: ['/hello', '/readyz'] });
      await request(app).get('/hello').expect(200, 'hello');
      await request(app).get('/hello?probe=1').expect(200, 'hello');
      await request(app).post('/api/ask').expect(200);
      const metrics = await scrape(app);
      expect(metrics.value(METRIC_NAMES.requests, hello)).to.equal(undefined);
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'POST',
          route: '/api/ask',
          status_code: '200',
        }),
      ).to.equal(1);
      expect(metrics.value(METRIC_NAMES.activeRequests)).to.equal(0);
    });

    it('should skip the requests a function picks', async () => {
      const app = flavour.create({ ...options, skip: (req) => req.headers['x-probe'] === 'k8s' });
      await request(app).get('/hello').set('x-probe', 'k8s').expect(200);
      await request(app).get('/hello').expect(200);
      const metrics = await scrape(app);
      expect(metrics.value(METRIC_NAMES.requests, hello)).to.equal(1);
    });

    it('should measure the request when the skip function throws, counting and warning once', async () => {
      const warnings: RagMetricsWarning[] = [];
      const app = flavour.create({
        ...options,
        onWarning: (warning) => warnings.push(warning),
        skip: () => {
          throw new Error('probe lookup failed');
        },
      });
      await request(app).get('/hello').expect(200, 'hello');
      await request(app).get('/hello').expect(200, 'hello');
      const metrics = await scrape(app);
      expect(metrics.value(METRIC_NAMES.requests, hello)).to.equal(2);
      expect(metrics.value(METRIC_NAMES.rejected, { reason: 'invalid_value' })).to.equal(2);
      expect(warnings.map((warning) => warning.message)).to.deep.equal([
        'rag-metrics: dropped skip value "probe lookup failed"; expected a skip function that returns true or false without throwing (the request was measured). Further skip values like it are dropped silently and counted in rag_metrics_rejected_total{reason="invalid_value"}.',
      ]);
    });
  });
}

describe('createRagMetrics({ skip })', () => {
  it('should reject a skip that is neither paths nor a function, quoting it', () => {
    const allowed =
      'it must be an array of paths starting with "/" (no query), or a function (req) => boolean.';
    expect(() => createRagMetrics({ ...options, skip: '/healthz' as never })).to.throw(
      TypeError,
      `rag-metrics: option "skip" is "/healthz"; ${allowed}`,
    );
    expect(() => createRagMetrics({ ...options, skip: ['healthz'] })).to.throw(
      TypeError,
      `rag-metrics: option "skip" is ["healthz"]; ${allowed}`,
    );
  });
});
