import type { IncomingMessage } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { ragMetrics } from '../../adapters/express';
import type { RagContext } from '../../lib/types';

const OPENMETRICS = 'application/openmetrics-text;version=1.0.0';

describe('Express: requestIdExemplars and the request after its response', () => {
  it('should drop the reference to the request once recorded, and keep its id for late spend', async () => {
    const app = express();
    app.use(
      ragMetrics({
        processMetrics: false,
        includeDefaultRegistry: false,
        requestIdExemplars: true,
      }),
    );
    // What express-request-id and the like do, after ragMetrics(): the id arrives later.
    app.use((req, _res, next) => {
      (req as IncomingMessage & { id?: string }).id = 'req-7';
      next();
    });
    let kept: RagContext | undefined;
    const lateSpendRecorded = new Promise<void>((resolve) => {
      app.get('/ask', (_req, res) => {
        kept = res.locals.rag;
        // The usage arrives after the response, as from a stream the client left.
        res.on('close', () =>
          setImmediate(() => {
            kept?.recordCost(0.25, 'gpt-4o');
            resolve();
          }),
        );
        res.send('answer');
      });
    });
    await request(app).get('/ask').expect(200);
    await lateSpendRecorded;
    expect((kept as unknown as { requestIdFrom?: unknown }).requestIdFrom).to.equal(undefined);
    const text = (await request(app).get('/metrics').set('Accept', OPENMETRICS)).text;
    const cost = text.split('\n').filter((line) => line.startsWith('rag_cost_usd_total{'));
    expect(cost).to.have.length(1);
    expect(cost[0]).to.match(/ 0\.25 # \{request_id="req-7"\} 0\.25/);
  });
});
