import { expect } from 'chai';
import request from 'supertest';
import { createRagMetrics, serverUrl } from '../../lib/rag-metrics';
import { readRateLimitHeaders } from '../../lib/rate-limit-headers';
import { Exposition } from '../helpers/scrape';

describe('metrics.startMetricsServer({ port })', () => {
  it('should serve the metrics on a port of their own until close()', async () => {
    const metrics = createRagMetrics({
      processMetrics: false,
      includeDefaultRegistry: false,
      metricsPath: false,
    });
    const server = await metrics.startMetricsServer({ port: 0, host: '127.0.0.1' });
    const url = serverUrl(server);
    const response = await request(url.replace(/\/metrics$/, ''))
      .get('/metrics')
      .expect(200);
    expect(new Exposition(response.text).value('rag_active_requests')).to.equal(0);
    await request(url.replace(/\/metrics$/, ''))
      .get('/other')
      .expect(404);
    await metrics.close();
    expect(server.listening).to.equal(false);
  });

  it('should reject a port out of range', async () => {
    const metrics = createRagMetrics({ processMetrics: false });
    let caught: unknown;
    await metrics.startMetricsServer({ port: 70000 }).catch((err: unknown) => {
      caught = err;
    });
    expect(caught).to.be.instanceOf(RangeError);
    expect((caught as Error).message).to.equal(
      'rag-metrics: startMetricsServer option "port" is 70000; it must be an integer from 0 to 65535.',
    );
  });
});

describe('rate limits', () => {
  it('should read Anthropic headers from a WHATWG Headers object', () => {
    const headers = new Headers({
      'anthropic-ratelimit-requests-remaining': '49',
      'anthropic-ratelimit-tokens-remaining': '39000',
    });
    expect(readRateLimitHeaders(headers)).to.deep.equal([
      { limit: 'requests', remaining: 49 },
      { limit: 'tokens', remaining: 39000 },
    ]);
  });

  it('should read headers from an SDK { data, response } pair', () => {
    const withResponse = {
      data: {},
      response: { headers: new Headers({ 'x-ratelimit-remaining-requests': '7' }) },
    };
    expect(readRateLimitHeaders(withResponse)).to.deep.equal([{ limit: 'requests', remaining: 7 }]);
  });

  it('should count hits and drop a malformed header value as invalid', async () => {
    const metrics = createRagMetrics({
      processMetrics: false,
      includeDefaultRegistry: false,
      onWarning: () => {},
    });
    await metrics.monitor('call', (rag) => {
      rag.recordRateLimitHit('anthropic');
      rag.recordRateLimitHit('anthropic');
      rag.recordRateLimitHeaders('openai', {
        'x-ratelimit-remaining-requests': 'lots',
        'x-ratelimit-remaining-tokens': '10',
      });
    });
    const exposition = new Exposition(await metrics.render());
    expect(exposition.value('rag_rate_limit_hits_total', { provider: 'anthropic' })).to.equal(2);
    expect(
      exposition.value('rag_rate_limit_remaining', { provider: 'openai', limit: 'tokens' }),
    ).to.equal(10);
    expect(
      exposition.value('rag_rate_limit_remaining', { provider: 'openai', limit: 'requests' }),
    ).to.equal(undefined);
    expect(exposition.value('rag_metrics_rejected_total', { reason: 'invalid_value' })).to.equal(1);
  });
});
