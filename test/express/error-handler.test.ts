import { expect } from 'chai';
import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { ragErrorHandler, ragMetrics } from '../../adapters/express';
import { METRIC_NAMES } from '../../lib/metric-names';
import { scrape } from '../helpers/scrape';

describe('rag-metrics/express ragErrorHandler()', () => {
  it('should pass the same error on to the next error handler', async () => {
    const app = express();
    const failure = new URIError('bad uri');
    const seen: unknown[] = [];
    app.use(ragMetrics({ processMetrics: false, includeDefaultRegistry: false }));
    app.get('/fail', () => {
      throw failure;
    });
    app.use(ragErrorHandler());
    app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      seen.push(err);
      res.status(503).send('down');
    });
    await request(app).get('/fail').expect(503, 'down');
    expect(seen).to.have.length(1);
    expect(seen[0]).to.equal(failure);
    const metrics = await scrape(app);
    expect(metrics.value(METRIC_NAMES.errors, { route: '/fail', error_type: 'URIError' })).to.equal(
      1,
    );
  });
});
