import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { expect } from 'chai';
import request from 'supertest';
import {
  createRagMetrics,
  onRequestRecorded,
  REQUEST_RECORDED_CHANNEL,
  type RequestRecord,
} from '../../lib/index';
import { METRIC_NAMES } from '../../lib/metric-names';
import type { RagMetricsWarning } from '../../lib/types';
import { FLAVOURS } from '../fixtures/flavours';
import { ASK_USAGE } from '../fixtures/routes';
import { scrape } from '../helpers/scrape';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;

/** Collects the records published while `run` runs. */
async function recordsDuring(run: () => Promise<unknown>): Promise<RequestRecord[]> {
  const records: RequestRecord[] = [];
  const stop = onRequestRecorded((record) => records.push(record));
  try {
    await run();
  } finally {
    stop();
  }
  return records;
}

for (const flavour of FLAVOURS) {
  describe(`${flavour.name}: onRequestRecorded(listener)`, () => {
    it('should publish one record per request with what the metrics recorded', async () => {
      const app = flavour.create({ ...options, serviceName: 'answers', environment: 'test' });
      const records = await recordsDuring(() => request(app).post('/api/ask').expect(200));
      expect(records).to.have.length(1);
      const [record] = records as [RequestRecord];
      expect(record.method).to.equal('POST');
      expect(record.route).to.equal('/api/ask');
      expect(record.statusCode).to.equal(200);
      expect(record.aborted).to.equal(false);
      expect(record.errorType).to.equal(undefined);
      expect(record.recordedAnything).to.equal(true);
      expect(record.service).to.deep.equal({ name: 'answers', environment: 'test' });
      expect(record.request?.url).to.be.a('string');
      expect(record.response?.statusCode).to.equal(200);
      const summary = record.rag.summary();
      expect(summary.model).to.equal(ASK_USAGE.model);
      expect(summary.tokens).to.deep.equal({
        input: ASK_USAGE.input,
        output: ASK_USAGE.output,
        cachedInput: ASK_USAGE.cachedInput,
      });
      const metrics = await scrape(app);
      const duration = metrics.histogram(METRIC_NAMES.requestDuration, {
        method: 'POST',
        route: '/api/ask',
        status_code: '200',
      });
      expect(duration?.sum).to.equal(record.durationSeconds);
    });

    it('should give the error type the request was counted under', async () => {
      const app = flavour.create(options);
      const records = await recordsDuring(() => request(app).get('/api/throw').expect(500));
      expect(records.map((r) => [r.route, r.statusCode, r.errorType])).to.deep.equal([
        ['/api/throw', 500, 'TypeError'],
      ]);
    });

    it('should publish on the diagnostics_channel channel too', async () => {
      const app = flavour.create(options);
      const routes: string[] = [];
      const listener = (message: unknown) => routes.push((message as RequestRecord).route);
      subscribe(REQUEST_RECORDED_CHANNEL, listener);
      try {
        await request(app).get('/api/docs/7').expect(200);
      } finally {
        unsubscribe(REQUEST_RECORDED_CHANNEL, listener);
      }
      expect(routes).to.deep.equal(['/api/docs/:id']);
    });

    it('should count and warn once when a listener throws, and keep serving', async () => {
      const warnings: RagMetricsWarning[] = [];
      const app = flavour.create({ ...options, onWarning: (w) => warnings.push(w) });
      const uncaught: unknown[] = [];
      const onUncaught = (err: unknown) => uncaught.push(err);
      process.on('uncaughtException', onUncaught);
      const stop = onRequestRecorded(() => {
        throw new RangeError('listener broke');
      });
      try {
        await request(app).get('/hello').expect(200);
        await request(app).get('/hello').expect(200);
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        stop();
        process.off('uncaughtException', onUncaught);
      }
      expect(uncaught).to.deep.equal([]);
      const metrics = await scrape(app);
      expect(metrics.value(METRIC_NAMES.rejected, { reason: 'listener_error' })).to.equal(2);
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'GET',
          route: '/hello',
          status_code: '200',
        }),
      ).to.equal(2);
      expect(warnings).to.deep.equal([
        {
          reason: 'listener_error',
          kind: 'request-recorded',
          message:
            'rag-metrics: code run when a request was recorded threw RangeError: listener broke. The request and the metrics are unaffected; further failures are counted in rag_metrics_rejected_total{reason="listener_error"}.',
        },
      ]);
    });
  });
}

describe('monitor(): onRequestRecorded(listener)', () => {
  it('should publish a JOB record without request or response', async () => {
    const metrics = createRagMetrics(options);
    const records = await recordsDuring(() => metrics.monitor('nightly-index', async () => 'ok'));
    expect(
      records.map((r) => [r.method, r.route, r.statusCode, r.request, r.response]),
    ).to.deep.equal([['JOB', 'nightly-index', 200, undefined, undefined]]);
  });

  it('should refuse a listener that is not a function, saying what it got', () => {
    expect(() => onRequestRecorded('log' as never)).to.throw(
      TypeError,
      'rag-metrics: onRequestRecorded(listener) needs a function; got string.',
    );
  });
});
