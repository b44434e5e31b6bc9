import { expect } from 'chai';
import request from 'supertest';
import { METRIC_NAMES } from '../../lib/metric-names';
import type { RagMetricsWarning } from '../../lib/types';
import { FLAVOURS } from '../fixtures/flavours';
import { ASK_USAGE, PLAIN_RECORD, STREAM_CHUNKS, STREAM_USAGE } from '../fixtures/routes';
import { scrape } from '../helpers/scrape';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;

for (const flavour of FLAVOURS) {
  describe(`${flavour.name}: the per-request rag context`, () => {
    it('should record tokens, cost, cache, scores, stages, first token and rate limits of a RAG request', async () => {
      const app = flavour.create(options);
      await request(app)
        .post('/api/ask')
        .send({ q: 'what is the answer?' })
        .expect(200, { answer: 'forty-two' });
      const metrics = await scrape(app);
      const { model } = ASK_USAGE;
      expect(metrics.value(METRIC_NAMES.tokens, { model, type: 'input' })).to.equal(1000);
      expect(metrics.value(METRIC_NAMES.tokens, { model, type: 'output' })).to.equal(200);
      expect(metrics.value(METRIC_NAMES.tokens, { model, type: 'cached_input' })).to.equal(400);
      // 600 uncached × $2.50 + 400 cached × $1.25 + 200 output × $10, per 1M tokens.
      expect(metrics.value(METRIC_NAMES.cost, { model })).to.equal(0.004);
      expect(metrics.histogram(METRIC_NAMES.requestCost, { model })).to.include({
        count: 1,
        sum: 0.004,
      });
      expect(metrics.histogram(METRIC_NAMES.requestTokens, { model, type: 'input' })).to.include({
        count: 1,
        sum: 1000,
      });
      expect(
        metrics.histogram(METRIC_NAMES.requestTokens, { model, type: 'cached_input' }),
      ).to.include({ count: 1, sum: 400 });
      expect(
        metrics.value(METRIC_NAMES.cacheRequests, { cache_type: 'semantic', result: 'miss' }),
      ).to.equal(1);
      const relevance = metrics.histogram(METRIC_NAMES.relevance, { route: '/api/ask' });
      expect(relevance).to.include({ count: 1, sum: 0.8 });
      expect(relevance?.buckets).to.include({ '0.7': 0, '0.8': 1, '1': 1 });
      expect(metrics.histogram(METRIC_NAMES.contextPrecision, { route: '/api/ask' })).to.include({
        count: 1,
        sum: 0.5,
      });
      expect(
        metrics.histogram(METRIC_NAMES.stageDuration, { route: '/api/ask', stage: 'retrieval' })
          ?.count,
      ).to.equal(1);
      expect(
        metrics.histogram(METRIC_NAMES.stageDuration, { route: '/api/ask', stage: 'generation' })
          ?.count,
      ).to.equal(1);
      expect(
        metrics.histogram(METRIC_NAMES.timeToFirstToken, { route: '/api/ask', model })?.count,
      ).to.equal(1);
      expect(
        metrics.value(METRIC_NAMES.rateLimitRemaining, { provider: 'openai', limit: 'requests' }),
      ).to.equal(59);
      expect(
        metrics.value(METRIC_NAMES.rateLimitRemaining, { provider: 'openai', limit: 'tokens' }),
      ).to.equal(149000);
    });

    it('should read a plain object assigned instead of the context when the response finishes', async () => {
      const app = flavour.create(options);
      await request(app).get('/api/plain').expect(200);
      const metrics = await scrape(app);
      const { model } = PLAIN_RECORD;
      expect(metrics.value(METRIC_NAMES.tokens, { model, type: 'input' })).to.equal(500);
      expect(metrics.value(METRIC_NAMES.tokens, { model, type: 'output' })).to.equal(100);
      // 500 × $0.40 + 100 × $1.60 per 1M tokens.
      expect(metrics.value(METRIC_NAMES.cost, { model })).to.equal(0.00036);
      expect(
        metrics.value(METRIC_NAMES.cacheRequests, { cache_type: 'exact', result: 'hit' }),
      ).to.equal(1);
      expect(metrics.histogram(METRIC_NAMES.relevance, { route: '/api/plain' })).to.include({
        count: 1,
        sum: 0.9,
      });
      expect(metrics.histogram(METRIC_NAMES.contextPrecision, { route: '/api/plain' })).to.include({
        count: 1,
        sum: 0.75,
      });
    });

    it('should measure a streamed response when it ends, with time to first token at the first write', async () => {
      const app = flavour.create(options);
      const response = await request(app).get('/api/stream').expect(200);
      expect(response.text).to.equal(STREAM_CHUNKS.join(''));
      const metrics = await scrape(app);
      const { model } = STREAM_USAGE;
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'GET',
          route: '/api/stream',
          status_code: '200',
        }),
      ).to.equal(1);
      // Observed when the response ends, labelled with the model recorded by then.
      expect(
        metrics.histogram(METRIC_NAMES.timeToFirstToken, { route: '/api/stream', model })?.count,
      ).to.equal(1);
      expect(metrics.value(METRIC_NAMES.tokens, { model, type: 'output' })).to.equal(3);
    });

    it('should drop, count and warn once per kind about bad values without breaking the request', async () => {
      const warnings: RagMetricsWarning[] = [];
      const app = flavour.create({ ...options, onWarning: (warning) => warnings.push(warning) });
      await request(app).post('/api/garbage').expect(200, 'fine');
      await request(app).post('/api/garbage').expect(200, 'fine');
      const metrics = await scrape(app);
      expect(metrics.value(METRIC_NAMES.rejected, { reason: 'invalid_value' })).to.equal(12);
      expect(metrics.value(METRIC_NAMES.tokens, { model: 'gpt-4o', type: 'input' })).to.equal(
        undefined,
      );
      expect(metrics.series(METRIC_NAMES.relevance)).to.deep.equal([]);
      expect(warnings.map((warning) => warning.kind)).to.deep.equal([
        'recordTokens.input',
        'recordTokens.output',
        'recordRelevance',
        'recordCost',
        'recordTokens',
        'recordCache',
      ]);
      expect(warnings[0]?.message).to.equal(
        'rag-metrics: dropped recordTokens.input value -1; expected a number from 0 to 10000000 (tokens per call). Further recordTokens.input values like it are dropped silently and counted in rag_metrics_rejected_total{reason="invalid_value"}.',
      );
    });

    it('should cap distinct model names per metric and count the overflow', async () => {
      const app = flavour.create({ ...options, maxLabelValues: 5 });
      for (let i = 0; i < 10; i++) await request(app).get(`/api/model/m${i}`).expect(200);
      const metrics = await scrape(app);
      const models = metrics.series(METRIC_NAMES.cost).map((labels) => labels.model);
      expect(models).to.deep.equal(['m0', 'm1', 'm2', 'm3', 'm4', '__other__']);
      expect(metrics.value(METRIC_NAMES.cost, { model: '__other__' })).to.be.greaterThan(0);
      expect(metrics.value(METRIC_NAMES.tokens, { model: '__other__', type: 'input' })).to.equal(5);
      // Five overflowing requests, each replacing the model in seven series lookups: tokens (input,
      // output), cost, fallback-priced tokens (no price is known for m5…m9), and at the end request
      // tokens (input, output) and request cost.
      expect(metrics.value(METRIC_NAMES.rejected, { reason: 'label_overflow' })).to.equal(35);
    });
  });
}
