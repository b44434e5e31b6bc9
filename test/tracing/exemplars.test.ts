import { expect } from 'chai';
import request from 'supertest';
import { FLAVOURS } from '../fixtures/flavours';
import { checkOpenMetrics } from '../helpers/openmetrics';
import { startTracing } from '../helpers/tracing';

const OPENMETRICS = 'application/openmetrics-text;version=1.0.0';
const options = { processMetrics: false, includeDefaultRegistry: false } as const;

/** The sample lines of `name` in `text` that carry an exemplar, by their labels. */
function exemplarLines(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) && line.includes(' # {'));
}

for (const flavour of FLAVOURS) {
  describe(`${flavour.name}: exemplars of a traced request`, () => {
    let tracing: ReturnType<typeof startTracing>;
    beforeEach(() => {
      tracing = startTracing();
    });
    afterEach(() => tracing.stop());

    it("should attach the request's trace_id and span_id to its latency, first-token and cost buckets and to rag_cost_usd_total", async function () {
      const app = tracing.traced(flavour.create(options));
      await request(app).post('/api/ask').expect(200);
      const { traceId, spanId } = tracing.requests[0] ?? {};
      const labels = `# {trace_id="${traceId}",span_id="${spanId}"}`;
      const text = (await request(app).get('/metrics').set('Accept', OPENMETRICS)).text;

      const latency = exemplarLines(text, 'rag_request_duration_seconds_bucket');
      expect(latency).to.have.length(1);
      // The bucket the request fell into: its exemplar's value is within the bucket's bounds.
      const [, le, value] =
        /^rag_request_duration_seconds_bucket\{le="([^"]+)",method="POST",route="\/api\/ask",status_code="200"\} 1 # \{[^}]+\} (\S+) \S+$/.exec(
          latency[0] ?? '',
        ) ?? [];
      expect(Number(value)).to.be.greaterThan(0).and.at.most(Number(le));
      const below = text.split('\n')[text.split('\n').indexOf(latency[0] ?? '') - 1] ?? '';
      if (below.startsWith('rag_request_duration_seconds_bucket{')) {
        expect(below).to.match(/\} 0$/);
        expect(Number(/le="([^"]+)"/.exec(below)?.[1])).to.be.lessThan(Number(value));
      }
      expect(latency[0]).to.contain(` 1 ${labels} `);

      const firstToken = exemplarLines(text, 'rag_time_to_first_token_seconds_bucket');
      expect(firstToken).to.have.length(1);
      expect(firstToken[0]).to.contain(`model="gpt-4o"} 1 ${labels} `);

      // 1000 input (400 cached) and 200 output tokens of gpt-4o: the price table's cost.
      const costLine = exemplarLines(text, 'rag_cost_usd_total');
      expect(costLine).to.have.length(1);
      expect(costLine[0]).to.match(
        new RegExp(
          `^rag_cost_usd_total\\{model="gpt-4o"\\} (\\S+) ${escapeRegExp(labels)} \\1 \\d+\\.?\\d*$`,
        ),
      );
      const requestCost = exemplarLines(text, 'rag_request_cost_usd_bucket');
      expect(requestCost).to.have.length(1);
      expect(requestCost[0]).to.contain(`model="gpt-4o"} 1 ${labels} `);

      // Other families carry none.
      expect(text.split('\n').filter((line) => line.includes(' # {'))).to.have.length(4);
      const check = checkOpenMetrics(this, text);
      expect(check.valid, check.output).to.equal(true);
      expect(check.output.split('\n')).to.have.length(4);
    });

    it('should keep the most recent exemplar of a bucket', async () => {
      // One bucket below +Inf that every request falls into, however slow the machine.
      const app = tracing.traced(
        flavour.create({ ...options, buckets: { requestDuration: [60] } }),
      );
      await request(app).get('/hello').expect(200);
      await request(app).get('/hello').expect(200);
      const second = tracing.requests[1];
      const text = (await request(app).get('/metrics').set('Accept', OPENMETRICS)).text;
      const latency = exemplarLines(text, 'rag_request_duration_seconds_bucket');
      expect(latency).to.have.length(1);
      expect(latency[0]).to.contain(
        ` 2 # {trace_id="${second?.traceId}",span_id="${second?.spanId}"} `,
      );
    });

    it('should print no exemplar in text format 0.0.4', async () => {
      const app = tracing.traced(flavour.create(options));
      await request(app).post('/api/ask').expect(200);
      const text = (await request(app).get('/metrics')).text;
      expect(text).not.to.contain('#{');
      expect(text).not.to.contain(' # {');
    });

    it('should carry no exemplar for a request outside any span', async () => {
      const app = flavour.create(options);
      await request(app).post('/api/ask').expect(200);
      const text = (await request(app).get('/metrics').set('Accept', OPENMETRICS)).text;
      expect(text).not.to.contain(' # {');
    });
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
