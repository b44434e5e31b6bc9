import { expect } from 'chai';
import request from 'supertest';
import { FLAVOURS } from '../fixtures/flavours';
import { LogCapture } from '../helpers/log-capture';
import { startTracing } from '../helpers/tracing';

const metricsOptions = { processMetrics: false, includeDefaultRegistry: false } as const;
const OPENMETRICS = 'application/openmetrics-text;version=1.0.0';

for (const flavour of FLAVOURS) {
  describe(`${flavour.name}: ragLogger() lines and request-id exemplars`, () => {
    let tracing: ReturnType<typeof startTracing>;
    let logs: LogCapture;
    beforeEach(() => {
      tracing = startTracing();
      logs = new LogCapture();
    });
    afterEach(() => tracing.stop());

    it("should carry the span's trace_id and span_id inside a span", async () => {
      const app = tracing.traced(flavour.create(metricsOptions, { destination: logs }));
      await request(app).post('/api/ask').expect(200);
      const line = await logs.completion();
      expect(line.trace_id).to.equal(tracing.requests[0]?.traceId);
      expect(line.span_id).to.equal(tracing.requests[0]?.spanId);
      expect(line.trace_id).to.match(/^[0-9a-f]{32}$/);
      expect(line.span_id).to.match(/^[0-9a-f]{16}$/);
    });

    it('should omit trace_id and span_id outside a span', async () => {
      const app = flavour.create(metricsOptions, { destination: logs });
      await request(app).post('/api/ask').expect(200);
      const line = await logs.completion();
      expect(line).not.to.have.property('trace_id');
      expect(line).not.to.have.property('span_id');
    });

    it('should give exemplars the request id with requestIdExemplars and no span', async () => {
      const app = flavour.create(
        { ...metricsOptions, requestIdExemplars: true },
        { destination: logs },
      );
      await request(app).post('/api/ask').set('x-request-id', 'req-42').expect(200);
      const line = await logs.completion();
      expect(line.request_id).to.equal('req-42');
      const text = (await request(app).get('/metrics').set('Accept', OPENMETRICS)).text;
      const annotated = text.split('\n').filter((l) => l.includes(' # {'));
      expect(annotated.map((l) => l.replace(/\{.*/, '')).sort()).to.deep.equal([
        'rag_cost_usd_total',
        'rag_request_cost_usd_bucket',
        'rag_request_duration_seconds_bucket',
        'rag_time_to_first_token_seconds_bucket',
      ]);
      for (const l of annotated) expect(l).to.contain(' # {request_id="req-42"} ');
    });

    it('should prefer the span to the request id when both exist', async () => {
      const app = tracing.traced(
        flavour.create({ ...metricsOptions, requestIdExemplars: true }, { destination: logs }),
      );
      await request(app).get('/hello').set('x-request-id', 'req-43').expect(200);
      const text = (await request(app).get('/metrics').set('Accept', OPENMETRICS)).text;
      expect(text).to.contain(` # {trace_id="${tracing.requests[0]?.traceId}",`);
      expect(text).not.to.contain('request_id=');
    });

    it('should carry no request-id exemplar by default', async () => {
      const app = flavour.create(metricsOptions, { destination: logs });
      await request(app).post('/api/ask').set('x-request-id', 'req-44').expect(200);
      const text = (await request(app).get('/metrics').set('Accept', OPENMETRICS)).text;
      expect(text).not.to.contain(' # {');
    });
  });
}
