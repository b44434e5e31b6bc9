import { expect } from 'chai';
import { Counter, register } from 'prom-client';
import request from 'supertest';
import { METRIC_NAMES } from '../../lib/metric-names';
import { createRagMetrics } from '../../lib/rag-metrics';
import { FLAVOURS } from '../fixtures/flavours';
import { scrape } from '../helpers/scrape';

const options = { processMetrics: false } as const;

for (const flavour of FLAVOURS) {
  describe(`${flavour.name}: the mounted metrics endpoint`, () => {
    afterEach(() => register.removeSingleMetric('app_orders_total'));

    it('should serve the Prometheus text format with its content type', async () => {
      const app = flavour.create(options);
      const response = await request(app).get('/metrics').expect(200);
      expect(response.headers['content-type']).to.equal('text/plain; version=0.0.4; charset=utf-8');
      expect(response.text).to.match(/^# HELP rag_request_duration_seconds /);
    });

    it('should serve what the app registered in the default registry', async () => {
      const orders = new Counter({ name: 'app_orders_total', help: 'Orders.' });
      orders.inc(3);
      const app = flavour.create(options);
      const metrics = await scrape(app);
      expect(metrics.value('app_orders_total')).to.equal(3);
      expect(metrics.value(METRIC_NAMES.activeRequests)).to.equal(0);
    });

    it('should never throw "already registered" when created twice', async () => {
      const first = flavour.create(options);
      const second = flavour.create(options);
      await request(first).get('/hello').expect(200);
      expect(
        (await scrape(first)).value(METRIC_NAMES.requests, {
          method: 'GET',
          route: '/hello',
          status_code: '200',
        }),
      ).to.equal(1);
      expect((await scrape(second)).series(METRIC_NAMES.requests)).to.deep.equal([]);
    });

    it('should share one instance between apps given the same createRagMetrics() result', async () => {
      const shared = createRagMetrics(options);
      const [a, b] = [flavour.create(shared), flavour.create(shared)];
      await request(a).get('/hello').expect(200);
      await request(b).get('/hello').expect(200);
      expect(
        (await scrape(a)).value(METRIC_NAMES.requests, {
          method: 'GET',
          route: '/hello',
          status_code: '200',
        }),
      ).to.equal(2);
    });

    it('should answer 401 without the bearer token and 200 with it', async () => {
      const app = flavour.create({
        ...options,
        metricsAuth: { bearerToken: 's3cret-scrape-token' },
      });
      await request(app).get('/metrics').expect(401);
      await request(app).get('/metrics').set('Authorization', 'Bearer wrong').expect(401);
      const response = await request(app)
        .get('/metrics')
        .set('Authorization', 'Bearer s3cret-scrape-token')
        .expect(200);
      expect(response.text).to.include('# TYPE rag_requests_total counter');
    });

    it('should ask a custom check and answer 401 when it says no', async () => {
      const app = flavour.create({
        ...options,
        metricsAuth: (req) => req.headers['x-scraper'] === 'prometheus',
      });
      await request(app).get('/metrics').expect(401);
      await request(app).get('/metrics').set('x-scraper', 'prometheus').expect(200);
    });

    it('should serve metrics on a configured path and leave /metrics to the app', async () => {
      const app = flavour.create({ ...options, metricsPath: '/internal/metrics' });
      await scrape(app, '/internal/metrics');
      await request(app).get('/metrics').expect(404);
    });
  });
}
