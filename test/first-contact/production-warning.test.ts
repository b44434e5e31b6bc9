import { expect } from 'chai';
import { exerciseApp } from './helpers';

const WARNING =
  '[RAG_METRICS_PUBLIC_ENDPOINT] RagMetricsWarning: rag-metrics: NODE_ENV is "production" and /metrics is served to anyone who can reach the app: it shows spend per model, provider quota, every route and the version. Protect it with metricsAuth: { bearerToken: process.env.METRICS_TOKEN } (and the same token in Prometheus\'s scrape config), or set metricsPath: false and serve it on a port of its own with metrics.startMetricsServer({ port: 9464 }).';

const APP = (options: string) => `
const express = require('express');
const { ragMetrics } = require('rag-metrics/express');
const app = express();
app.use(ragMetrics(${options}));
app.get('/hello', (req, res) => res.send('hello'));
`;

describe('NODE_ENV=production with an unprotected /metrics (packed package)', function () {
  this.timeout(240_000);

  it('should warn once on standard error, saying how to fix it, and keep serving', () => {
    const { responses, stderr, metrics } = exerciseApp('production.cjs', APP(''), {
      requests: [['GET', '/hello']],
      env: { NODE_ENV: 'production' },
    });
    expect(responses).to.deep.equal([{ status: 200, body: 'hello' }]);
    expect(
      metrics.value('rag_requests_total', { method: 'GET', route: '/hello', status_code: '200' }),
    ).to.equal(1);
    const warnings = stderr.split('\n').filter((line) => line.includes('RagMetricsWarning'));
    expect(warnings.map((line) => line.replace(/^\(node:\d+\) /, ''))).to.deep.equal([WARNING]);
  });

  it('should not warn when metricsAuth protects the endpoint', () => {
    const { stderr, metrics } = exerciseApp(
      'production-protected.cjs',
      APP('{ metricsAuth: { bearerToken: process.env.METRICS_TOKEN } }'),
      {
        requests: [['GET', '/hello']],
        env: { NODE_ENV: 'production', METRICS_TOKEN: 'a-long-random-token' },
        metricsHeaders: { authorization: 'Bearer a-long-random-token' },
      },
    );
    expect(stderr).to.equal('');
    expect(
      metrics.value('rag_requests_total', { method: 'GET', route: '/hello', status_code: '200' }),
    ).to.equal(1);
  });
});
