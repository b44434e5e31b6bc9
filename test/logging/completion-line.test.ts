import { get } from 'node:http';
import { hostname } from 'node:os';
import { expect } from 'chai';
import request from 'supertest';
import { METRIC_NAMES, UNMATCHED_ROUTE } from '../../lib/metric-names';
import { calculateCost } from '../../lib/pricing/calculate-cost';
import { FLAVOURS } from '../fixtures/flavours';
import { ABORTED_USAGE, PLAIN_RECORD, STREAM_CHUNKS, STREAM_USAGE } from '../fixtures/routes';
import { LogCapture } from '../helpers/log-capture';
import { MS, withoutTimings } from '../helpers/log-lines';
import { scrape } from '../helpers/scrape';
import { eventually, listen } from '../helpers/server';

const metricsOptions = {
  processMetrics: false,
  includeDefaultRegistry: false,
  serviceName: 'docs-qa',
  environment: 'test',
} as const;

/** Fields every completion line of these apps has: pino's defaults and ragMetrics()' identity. */
const common = {
  time: 'iso',
  pid: process.pid,
  hostname: hostname(),
  service: 'docs-qa',
  environment: 'test',
  duration_ms: MS,
};

const nothingRecorded = {
  tokens: { input: 0, output: 0, cached_input: 0 },
  cost_usd: 0,
  rate_limit_hits: 0,
};

for (const flavour of FLAVOURS) {
  describe(`${flavour.name}: ragLogger() completion line`, () => {
    let logs: LogCapture;
    const app = () => flavour.create(metricsOptions, { destination: logs, headers: false });

    beforeEach(() => {
      logs = new LogCapture();
    });

    it('should log a RAG request at info with everything the handler recorded', async () => {
      await request(app()).post('/api/ask').set('x-request-id', 'ask-1').expect(200);
      expect(withoutTimings(await logs.completion())).to.deep.equal({
        ...common,
        level: 'info',
        request_id: 'ask-1',
        method: 'POST',
        route: '/api/ask',
        status_code: 200,
        rag: {
          model: 'gpt-4o',
          tokens: { input: 1000, output: 200, cached_input: 400 },
          // (600 × 2.5 + 400 × 1.25 + 200 × 10) / 1M
          cost_usd: 0.004,
          cache: { hits: 0, misses: 1, types: ['semantic'] },
          relevance: 0.8,
          context_precision: 0.5,
          stages_ms: { retrieval: MS, generation: MS },
          time_to_first_token_ms: MS,
          rate_limit_hits: 0,
        },
        msg: 'request completed',
      });
    });

    it('should include what a handler put on res.locals.rag / ctx.state.rag as a plain object', async () => {
      await request(app()).get('/api/plain').set('x-request-id', 'plain-1').expect(200);
      expect(withoutTimings(await logs.completion())).to.deep.equal({
        ...common,
        level: 'info',
        request_id: 'plain-1',
        method: 'GET',
        route: '/api/plain',
        status_code: 200,
        rag: {
          ...nothingRecorded,
          model: PLAIN_RECORD.model,
          tokens: { input: 500, output: 100, cached_input: 0 },
          cost_usd: 0.00036, // (500 × 0.4 + 100 × 1.6) / 1M
          cache: { hits: 1, misses: 0, types: ['exact'] },
          relevance: 0.9,
          context_precision: 0.75,
        },
        msg: 'request completed',
      });
    });

    it('should include the answer-quality signals the handler recorded', async () => {
      await request(app()).post('/api/quality').set('x-request-id', 'quality-1').expect(200);
      expect(withoutTimings(await logs.completion())).to.deep.equal({
        ...common,
        level: 'info',
        request_id: 'quality-1',
        method: 'POST',
        route: '/api/quality',
        status_code: 200,
        rag: {
          ...nothingRecorded,
          retrieval: { queries: 2, documents: 4, empty: 1, top_score: 0.82 },
          evaluations: { faithfulness: 0.75, answer_relevancy: 0.5 },
          refusals: ['declined', 'no_context'],
          guardrails: [
            { name: 'blocked_words', action: 'blocked' },
            { name: 'pii', action: 'passed' },
          ],
        },
        msg: 'request completed',
      });
    });

    it('should write exactly one line per request', async () => {
      const listener = app();
      await request(listener).get('/hello').expect(200);
      await request(listener).get('/hello').expect(200);
      await logs.completion(2);
      expect(logs.lines).to.have.length(2);
      const [first, second] = logs.completions;
      expect(first?.request_id).to.not.equal(second?.request_id);
    });

    it('should log a streamed response when its last chunk is sent, with time to first token', async () => {
      const response = await request(app())
        .get('/api/stream')
        .set('x-request-id', 'stream-1')
        .expect(200);
      expect(response.text).to.equal(STREAM_CHUNKS.join(''));
      expect(withoutTimings(await logs.completion())).to.deep.equal({
        ...common,
        level: 'info',
        request_id: 'stream-1',
        method: 'GET',
        route: '/api/stream',
        status_code: 200,
        rag: {
          ...nothingRecorded,
          model: 'gpt-4o-mini',
          tokens: { input: 30, output: 3, cached_input: 0 },
          cost_usd: 0.0000063,
          time_to_first_token_ms: MS,
        },
        msg: 'request completed',
      });
      expect(calculateCost(STREAM_USAGE)).to.equal(0.0000063);
    });

    it('should log a thrown error at error with its type, message and stack', async () => {
      await request(app()).get('/api/throw').set('x-request-id', 'throw-1').expect(500);
      expect(withoutTimings(await logs.completion())).to.deep.equal({
        ...common,
        level: 'error',
        request_id: 'throw-1',
        method: 'GET',
        route: '/api/throw',
        status_code: 500,
        error: { type: 'TypeError', message: 'bad input', stack: 'stack' },
        rag: { ...nothingRecorded, error_type: 'TypeError' },
        msg: 'request errored',
      });
    });

    it('should log a 5xx the handler answered without throwing at error', async () => {
      await request(app()).get('/api/status/503').set('x-request-id', 's-503').expect(503);
      expect(withoutTimings(await logs.completion())).to.deep.equal({
        ...common,
        level: 'error',
        request_id: 's-503',
        method: 'GET',
        route: '/api/status/:code',
        status_code: 503,
        error: { type: 'http_503', message: 'responded with status 503' },
        msg: 'request errored',
      });
    });

    it('should log a 404 at warn, on the unmatched route', async () => {
      await request(app()).get('/wp-admin/setup.php').set('x-request-id', 'nf-1').expect(404);
      expect(withoutTimings(await logs.completion())).to.deep.equal({
        ...common,
        level: 'warn',
        request_id: 'nf-1',
        method: 'GET',
        route: UNMATCHED_ROUTE,
        status_code: 404,
        msg: 'request completed',
      });
    });

    it('should log a client abort at warn as aborted, status 499, keeping its tokens', async () => {
      const listener = app();
      const server = await listen(listener);
      try {
        const clientRequest = get(`${server.url}/api/slow`, {
          headers: { 'x-request-id': 'ab-1' },
        });
        clientRequest.on('error', () => {});
        await eventually(
          async () => (await scrape(listener)).value(METRIC_NAMES.activeRequests) === 1,
          'the request to start',
        );
        clientRequest.destroy();
        expect(withoutTimings(await logs.completion())).to.deep.equal({
          ...common,
          level: 'warn',
          request_id: 'ab-1',
          method: 'GET',
          route: '/api/slow',
          status_code: 499,
          aborted: true,
          rag: {
            ...nothingRecorded,
            model: ABORTED_USAGE.model,
            tokens: { input: 10, output: 0, cached_input: 0 },
            cost_usd: 0.0000015,
          },
          msg: 'request aborted',
        });
      } finally {
        await server.close();
      }
      expect(logs.completions).to.have.length(1);
    });
  });
}
