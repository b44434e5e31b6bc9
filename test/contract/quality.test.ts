import { expect } from 'chai';
import request from 'supertest';
import { METRIC_NAMES } from '../../lib/metric-names';
import { createRagMetrics } from '../../lib/rag-metrics';
import type { RagMetricsWarning } from '../../lib/types';
import { FLAVOURS } from '../fixtures/flavours';
import { scrape } from '../helpers/scrape';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;
const QUALITY_METRICS = [
  METRIC_NAMES.retrievalDocuments,
  METRIC_NAMES.retrievalEmpty,
  METRIC_NAMES.retrievalTopScore,
  METRIC_NAMES.evaluationScore,
  METRIC_NAMES.refusals,
  METRIC_NAMES.guardrailActions,
  METRIC_NAMES.feedback,
];

for (const flavour of FLAVOURS) {
  describe(`${flavour.name}: answer-quality signals`, () => {
    it('should record retrieval depth, empty retrievals and top scores by route and source', async () => {
      const app = flavour.create(options);
      await request(app).post('/api/quality').expect(200, 'recorded');
      const metrics = await scrape(app);
      const route = '/api/quality';
      const docs = metrics.histogram(METRIC_NAMES.retrievalDocuments, { route, source: 'docs' });
      expect(docs).to.include({ count: 1, sum: 4 });
      expect(docs?.buckets).to.include({ '0': 0, '3': 0, '5': 1, '+Inf': 1 });
      const empty = metrics.histogram(METRIC_NAMES.retrievalDocuments, {
        route,
        source: 'default',
      });
      expect(empty).to.include({ count: 1, sum: 0 });
      expect(empty?.buckets).to.include({ '0': 1 });
      expect(metrics.series(METRIC_NAMES.retrievalEmpty)).to.deep.equal([
        { route, source: 'default' },
      ]);
      expect(metrics.value(METRIC_NAMES.retrievalEmpty, { route, source: 'default' })).to.equal(1);
      // The empty retrieval's top score is ignored: there is no top document.
      expect(metrics.histogram(METRIC_NAMES.retrievalTopScore, { route, source: 'default' })).to.be
        .undefined;
      const top = metrics.histogram(METRIC_NAMES.retrievalTopScore, { route, source: 'docs' });
      expect(top).to.include({ count: 1, sum: 0.82 });
      expect(top?.buckets).to.include({ '0.8': 0, '0.9': 1 });
    });

    it('should record evaluation scores by metric, refusals by reason and guardrail actions', async () => {
      const app = flavour.create(options);
      await request(app).post('/api/quality').expect(200);
      await request(app).post('/api/quality').expect(200);
      const metrics = await scrape(app);
      const route = '/api/quality';
      expect(
        metrics.histogram(METRIC_NAMES.evaluationScore, { route, metric: 'faithfulness' }),
      ).to.include({ count: 2, sum: 1.5 });
      expect(
        metrics.histogram(METRIC_NAMES.evaluationScore, { route, metric: 'answer_relevancy' }),
      ).to.include({ count: 2, sum: 1 });
      expect(metrics.value(METRIC_NAMES.refusals, { route, reason: 'declined' })).to.equal(2);
      expect(metrics.value(METRIC_NAMES.refusals, { route, reason: 'no_context' })).to.equal(2);
      expect(
        metrics.value(METRIC_NAMES.guardrailActions, {
          route,
          guardrail: 'blocked_words',
          action: 'blocked',
        }),
      ).to.equal(2);
      expect(
        metrics.value(METRIC_NAMES.guardrailActions, { route, guardrail: 'pii', action: 'passed' }),
      ).to.equal(2);
      expect(metrics.value(METRIC_NAMES.rejected, { reason: 'invalid_value' })).to.equal(0);
    });

    it('should drop, count and warn once per kind about bad quality values', async () => {
      const warnings: RagMetricsWarning[] = [];
      const app = flavour.create({ ...options, onWarning: (warning) => warnings.push(warning) });
      await request(app).post('/api/quality-garbage').expect(200, 'fine');
      await request(app).post('/api/quality-garbage').expect(200, 'fine');
      const metrics = await scrape(app);
      expect(metrics.value(METRIC_NAMES.rejected, { reason: 'invalid_value' })).to.equal(16);
      for (const name of QUALITY_METRICS) expect(metrics.series(name), name).to.deep.equal([]);
      expect(warnings.map((warning) => warning.kind)).to.deep.equal([
        'recordRetrieval.documents',
        'recordRetrieval.topScore',
        'recordEvaluation.score',
        'recordEvaluation.name',
        'recordRefusal',
        'recordGuardrail.action',
        'recordRetrieval',
      ]);
      expect(warnings.map((warning) => warning.message).slice(0, 3)).to.deep.equal([
        'rag-metrics: dropped recordRetrieval.documents value -1; expected an integer ≥ 0. Further recordRetrieval.documents values like it are dropped silently and counted in rag_metrics_rejected_total{reason="invalid_value"}.',
        'rag-metrics: dropped recordRetrieval.topScore value 1.5; expected a number from 0 to 1 (normalise raw similarity or BM25 scores first). Further recordRetrieval.topScore values like it are dropped silently and counted in rag_metrics_rejected_total{reason="invalid_value"}.',
        'rag-metrics: dropped recordEvaluation.score value -0.1; expected a number from 0 to 1. Further recordEvaluation.score values like it are dropped silently and counted in rag_metrics_rejected_total{reason="invalid_value"}.',
      ]);
    });

    it('should count feedback from the POST /feedback handler by route, model and rating, answering 204', async () => {
      const app = flavour.create(options);
      await request(app)
        .post('/api/feedback')
        .send({ rating: 'positive', route: '/api/ask', model: 'gpt-4o' })
        .expect(204, '');
      await request(app)
        .post('/api/feedback')
        .send({ rating: 'positive', route: '/api/ask', model: 'gpt-4o' })
        .expect(204);
      await request(app).post('/api/feedback').send({ rating: 'negative' }).expect(204);
      await request(app)
        .post('/api/feedback-strict')
        .send({ rating: 'negative', route: '/api/ask', model: 'gpt-4o-mini' })
        .expect(204);
      const metrics = await scrape(app);
      // Without allow-lists (/api/feedback) what the client names is not recorded (issue 20).
      expect(metrics.series(METRIC_NAMES.feedback)).to.deep.equal([
        { route: 'unknown', model: 'unknown', rating: 'positive' },
        { route: 'unknown', model: 'unknown', rating: 'negative' },
        { route: '/api/ask', model: 'gpt-4o-mini', rating: 'negative' },
      ]);
      expect(
        metrics.value(METRIC_NAMES.feedback, {
          route: 'unknown',
          model: 'unknown',
          rating: 'positive',
        }),
      ).to.equal(2);
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'POST',
          route: '/api/feedback',
          status_code: '204',
        }),
      ).to.equal(3);
    });

    it('should answer 400 with a message naming the problem, and count nothing, for bad feedback bodies', async () => {
      const app = flavour.create(options);
      const bad = async (path: string, body: string | object, error: string) => {
        const req = request(app).post(path);
        const sent =
          typeof body === 'string'
            ? req.set('Content-Type', 'application/json').send(body)
            : req.send(body);
        await sent.expect(400, { error });
      };
      await bad(
        '/api/feedback',
        { rating: 'meh' },
        'rag-metrics feedback: "rating" is "meh"; it must be "positive" or "negative".',
      );
      await bad(
        '/api/feedback',
        { route: '/api/ask' },
        'rag-metrics feedback: "rating" is undefined; it must be "positive" or "negative".',
      );
      await bad(
        '/api/feedback',
        { rating: 'positive', model: 42 },
        'rag-metrics feedback: "model" is 42; it must be a non-empty string, or left out.',
      );
      await bad(
        '/api/feedback',
        [],
        'rag-metrics feedback: the body must be a JSON object like {"rating":"positive","route":"/ask","model":"gpt-4o"}; got [].',
      );
      await bad(
        '/api/feedback',
        '{"rating":',
        'rag-metrics feedback: the body is not valid JSON; send {"rating":"positive"} with Content-Type: application/json.',
      );
      await bad(
        '/api/feedback-strict',
        { rating: 'positive', route: '/admin' },
        'rag-metrics feedback: "route" is "/admin", which this service does not take feedback for; leave it out if unsure.',
      );
      await bad(
        '/api/feedback-strict',
        { rating: 'positive', model: 'gpt-5' },
        'rag-metrics feedback: "model" is "gpt-5", which this service does not take feedback for; leave it out if unsure.',
      );
      const metrics = await scrape(app);
      expect(metrics.series(METRIC_NAMES.feedback)).to.deep.equal([]);
      // A bad body is the client's mistake, visible as a 400, not a value the library dropped.
      expect(metrics.value(METRIC_NAMES.rejected, { reason: 'invalid_value' })).to.equal(0);
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'POST',
          route: '/api/feedback',
          status_code: '400',
        }),
      ).to.equal(5);
    });

    it('should count feedback recorded on the instance from any handler, and reject unknown ratings', async () => {
      const instance = createRagMetrics({ ...options, onWarning: () => undefined });
      const app = flavour.create(instance);
      instance.recordFeedback({ rating: 'positive', route: '/api/ask', model: 'gpt-4o' });
      instance.recordFeedback({ rating: 'great' as never });
      instance.recordFeedback({ rating: 'negative', route: '' });
      const metrics = await scrape(app);
      expect(metrics.series(METRIC_NAMES.feedback)).to.deep.equal([
        { route: '/api/ask', model: 'gpt-4o', rating: 'positive' },
      ]);
      expect(metrics.value(METRIC_NAMES.rejected, { reason: 'invalid_value' })).to.equal(2);
    });
  });
}
