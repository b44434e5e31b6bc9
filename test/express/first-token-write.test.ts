import type { ServerResponse } from 'node:http';
import { expect } from 'chai';
import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { ragMetrics } from '../../adapters/express';
import { METRIC_NAMES } from '../../lib/metric-names';
import { scrape } from '../helpers/scrape';

/** Wraps `res.write` per request, as compression does; counts the writes it passes on. */
function wrapWrite(seen: { writes: number }) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const previous = res.write;
    res.write = function wrappedWrite(this: ServerResponse, ...args: unknown[]) {
      seen.writes++;
      return (previous as (...a: unknown[]) => boolean).apply(this, args);
    } as Response['write'];
    next();
  };
}

function streamingApp(order: 'wrapper first' | 'wrapper last', seen: { writes: number }) {
  const app = express();
  if (order === 'wrapper first') app.use(wrapWrite(seen));
  app.use(ragMetrics({ processMetrics: false, includeDefaultRegistry: false }));
  if (order === 'wrapper last') app.use(wrapWrite(seen));
  app.get('/stream', (_req, res) => {
    res.locals.rag.setModel('gpt-4o-mini');
    res.setHeader('Content-Type', 'text/event-stream');
    res.write('a');
    res.write('b');
    res.end();
  });
  return app;
}

// issue 7 moved the first-token wrapper from each response to the app's response prototype; a
// middleware that wraps `write` per request must still see every write, and the first token must
// still be marked, whichever of the two is mounted first.
describe('rag-metrics/express time to first token with another write wrapper', () => {
  for (const order of ['wrapper first', 'wrapper last'] as const) {
    it(`should mark the first token of every streamed request (${order})`, async () => {
      const seen = { writes: 0 };
      const app = streamingApp(order, seen);
      await request(app).get('/stream').expect(200, 'ab');
      await request(app).get('/stream').expect(200, 'ab');
      expect(seen.writes).to.equal(4);
      const metrics = await scrape(app);
      expect(
        metrics.histogram(METRIC_NAMES.timeToFirstToken, { route: '/stream', model: 'gpt-4o-mini' })
          ?.count,
      ).to.equal(2);
    });
  }

  it('should not mark a first token for a response with Content-Length', async () => {
    const app = express();
    app.use(ragMetrics({ processMetrics: false, includeDefaultRegistry: false }));
    app.get('/sized', (_req, res) => {
      res.locals.rag.setModel('gpt-4o-mini');
      res.setHeader('Content-Length', '2');
      res.write('a');
      res.end('b');
    });
    await request(app).get('/sized').expect(200, 'ab');
    const metrics = await scrape(app);
    expect(
      metrics.histogram(METRIC_NAMES.timeToFirstToken, { route: '/sized', model: 'gpt-4o-mini' }),
    ).to.equal(undefined);
  });
});
