import { expect } from 'chai';
import request from 'supertest';
import { METRIC_NAMES, UNMATCHED_ROUTE } from '../../lib/metric-names';
import { FLAVOURS } from '../fixtures/flavours';
import { scrape } from '../helpers/scrape';
import { getMany, listen } from '../helpers/server';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;

for (const flavour of FLAVOURS) {
  describe(`${flavour.name}: ragMetrics() request metrics`, () => {
    it('should count each request once by method, route template and status code', async () => {
      const app = flavour.create(options);
      await request(app).get('/hello').expect(200);
      await request(app).get('/hello').expect(200);
      await request(app).get('/hello?x=1').expect(200);
      const metrics = await scrape(app);
      const labels = { method: 'GET', route: '/hello', status_code: '200' };
      expect(metrics.value(METRIC_NAMES.requests, labels)).to.equal(3);
      expect(metrics.histogram(METRIC_NAMES.requestDuration, labels)?.count).to.equal(3);
      expect(metrics.value(METRIC_NAMES.activeRequests)).to.equal(0);
    });

    it('should label routes with the template, router mount path included', async () => {
      const app = flavour.create(options);
      await request(app).get('/api/docs/42').expect(200);
      await request(app).get('/api/docs/7').expect(200);
      const metrics = await scrape(app);
      expect(metrics.series(METRIC_NAMES.requests)).to.deep.equal([
        { method: 'GET', route: '/api/docs/:id', status_code: '200' },
      ]);
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'GET',
          route: '/api/docs/:id',
          status_code: '200',
        }),
      ).to.equal(2);
    });

    it('should record 10,000 requests to distinct unknown URLs as one __unmatched__ series', async function () {
      this.timeout(60_000);
      const app = flavour.create(options);
      const server = await listen(app);
      try {
        const paths = Array.from({ length: 10_000 }, (_, i) => `/scan/${i}/wp-admin.php`);
        const statuses = await getMany(server.url, paths);
        expect(Object.fromEntries(statuses)).to.deep.equal({ 404: 10_000 });
      } finally {
        await server.close();
      }
      const metrics = await scrape(app);
      expect(metrics.series(METRIC_NAMES.requests)).to.deep.equal([
        { method: 'GET', route: UNMATCHED_ROUTE, status_code: '404' },
      ]);
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'GET',
          route: UNMATCHED_ROUTE,
          status_code: '404',
        }),
      ).to.equal(10_000);
      expect(metrics.value(METRIC_NAMES.rejected, { reason: 'label_overflow' })).to.equal(0);
    });

    it('should not measure the metrics path itself', async () => {
      const app = flavour.create(options);
      await scrape(app);
      await scrape(app);
      const metrics = await scrape(app);
      expect(metrics.series(METRIC_NAMES.requests)).to.deep.equal([]);
      expect(metrics.value(METRIC_NAMES.activeRequests)).to.equal(0);
    });

    it('should serve rag_service_info with service, environment and version', async () => {
      const app = flavour.create({
        ...options,
        serviceName: 'docs-qa',
        environment: 'staging',
        version: '1.2.3',
      });
      const metrics = await scrape(app);
      expect(metrics.series(METRIC_NAMES.serviceInfo)).to.deep.equal([
        { service: 'docs-qa', environment: 'staging', version: '1.2.3' },
      ]);
      expect(
        metrics.value(METRIC_NAMES.serviceInfo, {
          service: 'docs-qa',
          environment: 'staging',
          version: '1.2.3',
        }),
      ).to.equal(1);
    });
  });
}
