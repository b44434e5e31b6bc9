import { expect } from 'chai';
import { exerciseApp } from './helpers';

/** The set-ups of README's "Next to an existing metrics setup", run on the packed package. */
describe('rag-metrics next to an existing metrics setup (packed package)', function () {
  this.timeout(240_000);

  it('express-prom-bundle: with ragMetrics() mounted first, one /metrics serves both', () => {
    const { metrics } = exerciseApp(
      'next-to-prom-bundle.cjs',
      `
const express = require('express');
const promBundle = require('express-prom-bundle');
const { ragMetrics } = require('rag-metrics/express');

const app = express();
app.use(ragMetrics()); // first: it answers /metrics, with prom-client's default registry included
app.use(promBundle({ includeMethod: true, includePath: true }));
app.get('/hello', (req, res) => res.send('hello'));
`,
      { requests: [['GET', '/hello']] },
    );
    const labels = { method: 'GET', status_code: '200' };
    expect(metrics.value('rag_requests_total', { ...labels, route: '/hello' })).to.equal(1);
    expect(
      metrics.histogram('http_request_duration_seconds', { ...labels, path: '/hello' })?.count,
    ).to.equal(1);
  });

  it("prom-client's default registry: the app's own metrics are served with the rag_* ones", () => {
    const { metrics } = exerciseApp(
      'next-to-default-registry.cjs',
      `
const express = require('express');
const client = require('prom-client');
const { ragMetrics } = require('rag-metrics/express');

const orders = new client.Counter({ name: 'app_orders_total', help: 'Orders placed.' });
const app = express();
app.use(ragMetrics());
app.post('/order', (req, res) => {
  orders.inc();
  res.send('ok');
});
`,
      { requests: [['POST', '/order']] },
    );
    expect(metrics.value('app_orders_total')).to.equal(1);
    expect(
      metrics.value('rag_requests_total', { method: 'POST', route: '/order', status_code: '200' }),
    ).to.equal(1);
  });

  it('an own /metrics route: metricsPath: false, and the route renders the instance', () => {
    const { responses, metrics } = exerciseApp(
      'own-metrics-route.cjs',
      `
const express = require('express');
const { ragMetrics } = require('rag-metrics/express');

const app = express();
const measure = ragMetrics({ metricsPath: false, skip: ['/metrics'] });
app.use(measure);
app.get('/metrics', async (req, res) => {
  res.type(measure.metrics.contentType).send(await measure.metrics.render());
});
app.get('/hello', (req, res) => res.send('hello'));
`,
      {
        requests: [
          ['GET', '/hello'],
          ['GET', '/metrics'],
        ],
      },
    );
    expect(responses.map((response) => response.status)).to.deep.equal([200, 200]);
    expect(
      metrics.value('rag_requests_total', { method: 'GET', route: '/hello', status_code: '200' }),
    ).to.equal(1);
    expect(metrics.series('rag_requests_total')).to.deep.equal([
      { method: 'GET', route: '/hello', status_code: '200' },
    ]);
  });
});
