import { get } from 'node:http';
import { expect } from 'chai';
import request from 'supertest';
import { METRIC_NAMES } from '../../lib/metric-names';
import { calculateCost } from '../../lib/pricing/calculate-cost';
import { FLAVOURS } from '../fixtures/flavours';
import { ABORTED_USAGE, THROWN_USAGE } from '../fixtures/routes';
import { scrape } from '../helpers/scrape';
import { eventually, listen } from '../helpers/server';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;

for (const flavour of FLAVOURS) {
  describe(`${flavour.name}: ragMetrics() errors and aborts`, () => {
    it('should count a thrown error as a 500 labelled with its class name', async () => {
      const app = flavour.create(options);
      await request(app).get('/api/throw').expect(500);
      const metrics = await scrape(app);
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'GET',
          route: '/api/throw',
          status_code: '500',
        }),
      ).to.equal(1);
      expect(metrics.series(METRIC_NAMES.errors)).to.deep.equal([
        { route: '/api/throw', error_type: 'TypeError' },
      ]);
      expect(
        metrics.value(METRIC_NAMES.errors, { route: '/api/throw', error_type: 'TypeError' }),
      ).to.equal(1);
    });

    it('should count an error thrown after an await with its class name', async () => {
      const app = flavour.create(options);
      await request(app).get('/api/throw-async').expect(500);
      const metrics = await scrape(app);
      expect(
        metrics.value(METRIC_NAMES.errors, { route: '/api/throw-async', error_type: 'RangeError' }),
      ).to.equal(1);
    });

    it('should label a 5xx without an error as http_<status>, and not count 4xx as errors', async () => {
      const app = flavour.create(options);
      await request(app).get('/api/status/503').expect(503);
      await request(app).get('/api/status/429').expect(429);
      const metrics = await scrape(app);
      expect(metrics.series(METRIC_NAMES.errors)).to.deep.equal([
        { route: '/api/status/:code', error_type: 'http_503' },
      ]);
      expect(
        metrics.value(METRIC_NAMES.errors, { route: '/api/status/:code', error_type: 'http_503' }),
      ).to.equal(1);
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'GET',
          route: '/api/status/:code',
          status_code: '429',
        }),
      ).to.equal(1);
    });

    it('should keep tokens and cost recorded before the handler threw', async () => {
      const app = flavour.create(options);
      await request(app).get('/api/tokens-then-throw').expect(500);
      const metrics = await scrape(app);
      const { model } = THROWN_USAGE;
      expect(metrics.value(METRIC_NAMES.tokens, { model, type: 'input' })).to.equal(100);
      expect(metrics.value(METRIC_NAMES.tokens, { model, type: 'output' })).to.equal(50);
      expect(metrics.value(METRIC_NAMES.cost, { model })).to.equal(calculateCost(THROWN_USAGE));
      expect(metrics.value(METRIC_NAMES.cost, { model })).to.equal(0.00105);
      expect(
        metrics.value(METRIC_NAMES.errors, {
          route: '/api/tokens-then-throw',
          error_type: 'Error',
        }),
      ).to.equal(1);
    });

    it('should record a client abort once, as 499 client_aborted, keeping its tokens', async () => {
      const app = flavour.create(options);
      const server = await listen(app);
      try {
        const clientRequest = get(`${server.url}/api/slow`);
        clientRequest.on('error', () => {});
        await eventually(
          async () => (await scrape(app)).value(METRIC_NAMES.activeRequests) === 1,
          'the request to start',
        );
        clientRequest.destroy();
        await eventually(
          async () => (await scrape(app)).value(METRIC_NAMES.activeRequests) === 0,
          'the abort to be recorded',
        );
      } finally {
        await server.close();
      }
      const metrics = await scrape(app);
      expect(metrics.series(METRIC_NAMES.requests)).to.deep.equal([
        { method: 'GET', route: '/api/slow', status_code: '499' },
      ]);
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'GET',
          route: '/api/slow',
          status_code: '499',
        }),
      ).to.equal(1);
      expect(
        metrics.value(METRIC_NAMES.errors, { route: '/api/slow', error_type: 'client_aborted' }),
      ).to.equal(1);
      expect(
        metrics.value(METRIC_NAMES.tokens, { model: ABORTED_USAGE.model, type: 'input' }),
      ).to.equal(10);
      expect(metrics.value(METRIC_NAMES.activeRequests)).to.equal(0);
    });
  });
}
