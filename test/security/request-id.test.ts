import type { IncomingMessage, RequestListener } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import Koa from 'koa';
import { ragLogger as expressLogger, ragMetrics as expressMetrics } from '../../adapters/express';
import { ragLogger as koaLogger, ragMetrics as koaMetrics } from '../../adapters/koa';
import { LogCapture } from '../helpers/log-capture';
import { listen } from '../helpers/server';

const quiet = { processMetrics: false, includeDefaultRegistry: false } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Trust = ((req: IncomingMessage) => boolean) | undefined;

const APPS: readonly [string, (logs: LogCapture, trust: Trust) => RequestListener][] = [
  [
    'Express 5',
    (logs, trustRequestId) => {
      const app = express();
      app.use(expressMetrics(quiet));
      app.use(expressLogger({ destination: logs, trustRequestId }));
      app.get('/hello', (_req, res) => {
        res.send('hello');
      });
      return app;
    },
  ],
  [
    'Koa 3',
    (logs, trustRequestId) => {
      const app = new Koa();
      app.use(koaMetrics(quiet));
      app.use(koaLogger({ destination: logs, trustRequestId }));
      app.use((ctx) => {
        ctx.body = 'hello';
      });
      return app.callback();
    },
  ],
];

/** Our own proxy marks what it forwarded; it strips the header from what clients send. */
const fromOurProxy: Trust = (req) => req.headers['x-via-gateway'] === 'gw-1';

async function idsFor(
  create: (logs: LogCapture, trust: Trust) => RequestListener,
  trust: Trust,
  headers: Record<string, string>,
) {
  const logs = new LogCapture();
  const server = await listen(create(logs, trust));
  try {
    const response = await fetch(`${server.url}/hello`, { headers });
    const line = await logs.completion();
    return { echoed: response.headers.get('x-request-id'), logged: line.request_id };
  } finally {
    await server.close();
  }
}

for (const [name, create] of APPS) {
  describe(`security: ${name} ragLogger({ trustRequestId })`, () => {
    it("should reuse any client's well-formed x-request-id by default, as before", async () => {
      const ids = await idsFor(create, undefined, { 'x-request-id': 'client-chosen-1' });
      expect(ids).to.deep.equal({ echoed: 'client-chosen-1', logged: 'client-chosen-1' });
    });

    it('should give a request the check does not trust a fresh id, in the line and the response', async () => {
      const ids = await idsFor(create, fromOurProxy, { 'x-request-id': 'victim-request-7' });
      expect(ids.echoed).to.match(UUID);
      expect(ids.logged).to.equal(ids.echoed);
    });

    it('should reuse the id of a request the check trusts', async () => {
      const ids = await idsFor(create, fromOurProxy, {
        'x-request-id': 'gw-7f3c9a2e',
        'x-via-gateway': 'gw-1',
      });
      expect(ids).to.deep.equal({ echoed: 'gw-7f3c9a2e', logged: 'gw-7f3c9a2e' });
    });

    it('should treat a throwing check as "not trusted" and still answer', async () => {
      const ids = await idsFor(
        create,
        () => {
          throw new Error('boom');
        },
        { 'x-request-id': 'client-chosen-2' },
      );
      expect(ids.echoed).to.match(UUID);
    });
  });
}

describe('ragLogger({ trustRequestId }) option', () => {
  it('should refuse a value that is not a function, naming the option', () => {
    expect(() => expressLogger({ trustRequestId: true as never })).to.throw(
      TypeError,
      'rag-metrics: ragLogger option "trustRequestId" is true; it must be a function (req) => boolean.',
    );
  });
});
