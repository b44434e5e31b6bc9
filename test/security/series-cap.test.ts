import { expect } from 'chai';
import express from 'express';
import { ragMetrics } from '../../adapters/express';
import type { RagMetricsOptions } from '../../lib/options';
import type { RagMetricsWarning } from '../../lib/types';
import { Exposition } from '../helpers/scrape';
import { getMany, listen } from '../helpers/server';

const ROUTES = 50;

/** An app with many real routes (a large API); `/fail/:n` routes answer 500. */
function manyRoutesApp(options: RagMetricsOptions) {
  const app = express();
  app.use(ragMetrics({ processMetrics: false, includeDefaultRegistry: false, ...options }));
  for (let i = 0; i < ROUTES; i++) {
    app.get(`/ok/${i}`, (_req, res) => {
      res.send('ok');
    });
    app.get(`/fail/${i}`, (_req, res) => {
      res.sendStatus(500);
    });
  }
  return app;
}

async function scrapeOver(url: string): Promise<Exposition> {
  return new Exposition(await (await fetch(`${url}/metrics`)).text());
}

describe('security: series per metric family are capped', () => {
  it('should send label sets past maxSeriesPerMetric to one __other__ series and count each', async () => {
    const warnings: RagMetricsWarning[] = [];
    const server = await listen(
      manyRoutesApp({ maxSeriesPerMetric: 10, onWarning: (warning) => warnings.push(warning) }),
    );
    try {
      const paths = Array.from({ length: ROUTES }, (_, i) => `/ok/${i}`);
      await getMany(server.url, paths, 1);
      const exposition = await scrapeOver(server.url);
      expect(exposition.series('rag_requests_total')).to.have.length(11);
      expect(
        exposition.value('rag_requests_total', {
          method: '__other__',
          route: '__other__',
          status_code: '__other__',
        }),
      ).to.equal(ROUTES - 10);
      expect(
        exposition.value('rag_requests_total', {
          method: 'GET',
          route: '/ok/9',
          status_code: '200',
        }),
      ).to.equal(1);
      expect(
        exposition.value('rag_metrics_rejected_total', { reason: 'series_overflow' }),
      ).to.equal(ROUTES - 10);
      expect(
        warnings.map(({ reason, kind, message }) => ({ reason, kind, message })),
      ).to.deep.equal([
        {
          reason: 'series_overflow',
          kind: 'metric:rag_request_duration_seconds',
          message:
            'rag-metrics: rag_request_duration_seconds reached 10 series; further label sets are recorded in its series whose labels are all "__other__", and counted in rag_metrics_rejected_total{reason="series_overflow"}. Raise maxSeriesPerMetric if these label sets are bounded.',
        },
      ]);
    } finally {
      await server.close();
    }
  });

  it('should refuse a maxSeriesPerMetric that is not a positive integer, quoting it', () => {
    expect(() => ragMetrics({ maxSeriesPerMetric: 0 })).to.throw(
      RangeError,
      'rag-metrics: option "maxSeriesPerMetric" is 0; it must be an integer from 1 to 1000000.',
    );
  });
});

describe('security: one admission decision per label value, shared by every family', () => {
  it('should make a route __other__ in rag_errors_total exactly when it is in rag_requests_total', async () => {
    const server = await listen(manyRoutesApp({ maxLabelValues: 2, onWarning: () => {} }));
    try {
      // Two routes fill the route cap; the third only fails, and is the first route errors see.
      await getMany(server.url, ['/ok/0', '/ok/1', '/fail/2', '/fail/2'], 1);
      const exposition = await scrapeOver(server.url);
      expect(exposition.series('rag_errors_total')).to.deep.equal([
        { route: '__other__', error_type: 'http_500' },
      ]);
      expect(
        exposition.value('rag_requests_total', {
          method: 'GET',
          route: '__other__',
          status_code: '500',
        }),
      ).to.equal(2);
      expect(
        exposition.value('rag_errors_total', { route: '__other__', error_type: 'http_500' }),
      ).to.equal(2);
    } finally {
      await server.close();
    }
  });
});
