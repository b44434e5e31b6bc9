import bodyParser from '@koa/bodyparser';
import Router from '@koa/router';
import { expect } from 'chai';
import express from 'express';
import Koa from 'koa';
import {
  ragLogger as expressLogger,
  ragMetrics as expressMetrics,
  ragErrorHandler,
} from '../../adapters/express';
import { ragLogger as koaLogger, ragMetrics as koaMetrics } from '../../adapters/koa';
import { LogCapture } from '../helpers/log-capture';
import { listen } from '../helpers/server';

const quiet = { processMetrics: false, includeDefaultRegistry: false } as const;

/** Credentials a client sends under names the fixed list does not hold. */
const CLIENT_SECRETS = {
  'x-api_key': 'client-secret-underscore',
  'x-functions-key': 'client-secret-azure-functions',
  'x-openai-key': 'client-secret-openai',
  'x-llm-key': 'client-secret-llm',
  'x-pass': 'client-secret-pass',
} as const;

/** An error as axios and similar clients throw it: the request's headers ride along. */
function upstreamError(): Error {
  return Object.assign(new Error('Request failed with status code 401'), {
    headers: { 'Retry-After': '30', 'X-Upstream-Token': 'secret-err-headers' },
    config: {
      url: 'https://llm.example/v1/chat',
      headers: { Authorization: 'Bearer secret-err-config', Accept: 'application/json' },
    },
  });
}

function expressApp(logs: LogCapture) {
  const app = express();
  app.use(expressMetrics(quiet));
  app.use(expressLogger({ destination: logs, headers: true }));
  app.get('/upstream', (req, res) => {
    req.log.info(
      {
        upstream: {
          headers: { Authorization: 'Bearer secret-nested', 'X-Api_Key': 'secret-nested-key' },
        },
        headers: { Authorization: 'Bearer secret-capitalised' },
        usage: { prompt_tokens: 12, model: 'gpt-4o' },
      },
      'called upstream',
    );
    req.log.info(req.headers, 'incoming headers');
    req.log.error({ err: upstreamError() }, 'upstream failed');
    res.setHeader('x_api_key', 'secret-response-underscore');
    res.send('ok');
  });
  app.post('/json', express.json(), (_req, res) => {
    res.send('parsed');
  });
  app.use(ragErrorHandler());
  // Answers the body parser's 400 quietly (Express's own handler prints it to standard error).
  app.use(((err, _req, res, _next) => {
    res.sendStatus((err as { status?: number }).status ?? 500);
  }) as express.ErrorRequestHandler);
  return app;
}

function koaApp(logs: LogCapture) {
  const app = new Koa();
  app.use(koaMetrics(quiet));
  app.use(koaLogger({ destination: logs }));
  app.use(bodyParser());
  const router = new Router();
  router.post('/json', (ctx) => {
    ctx.body = 'parsed';
  });
  app.use(router.routes());
  // Koa logs an unhandled error itself; this app's lines are the ones under test.
  app.silent = true;
  return app.callback();
}

const BODY = '{"password":"hunter2-body-secret", "question": "my diagnosis is';

describe('security: logs never carry credentials or request bodies', () => {
  it('should redact credentials in any headers-like object a handler logs, at any depth and case', async () => {
    const logs = new LogCapture();
    const server = await listen(expressApp(logs));
    try {
      await fetch(`${server.url}/upstream`, { headers: CLIENT_SECRETS });
      const line = await logs.completion();
      for (const secret of [
        ...Object.values(CLIENT_SECRETS),
        'secret-nested',
        'secret-capitalised',
        'secret-err-headers',
        'secret-err-config',
        'secret-response-underscore',
      ]) {
        expect(logs.raw, secret).not.to.include(secret);
      }
      const byMessage = (msg: string) => logs.lines.find((logged) => logged.msg === msg) ?? {};
      expect(byMessage('called upstream')).to.deep.include({
        upstream: {
          headers: { Authorization: '[Redacted]', 'X-Api_Key': '[Redacted]' },
        },
        headers: { Authorization: '[Redacted]' },
        // Counts named like credentials stay readable: only strings are redacted.
        usage: { prompt_tokens: 12, model: 'gpt-4o' },
      });
      expect(byMessage('incoming headers')['x-functions-key']).to.equal('[Redacted]');
      const err = byMessage('upstream failed').err as Record<string, unknown>;
      expect(err.headers).to.deep.equal({
        'Retry-After': '30',
        'X-Upstream-Token': '[Redacted]',
      });
      expect(err.config).to.deep.equal({
        url: 'https://llm.example/v1/chat',
        headers: { Authorization: '[Redacted]', Accept: 'application/json' },
      });
      expect((line.res_headers as Record<string, unknown>).x_api_key).to.equal('[Redacted]');
      for (const name of Object.keys(CLIENT_SECRETS)) {
        expect((line.req_headers as Record<string, unknown>)[name], name).to.equal('[Redacted]');
      }
    } finally {
      await server.close();
    }
  });

  for (const [name, create] of [
    ['Express 5 with express.json()', expressApp],
    ['Koa 3 with @koa/bodyparser', koaApp],
  ] as const) {
    it(`${name}: should log a malformed JSON body's error by type and status, without the body`, async () => {
      const logs = new LogCapture();
      const server = await listen(create(logs));
      try {
        const response = await fetch(`${server.url}/json`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: BODY,
        });
        expect(response.status).to.equal(400);
        const line = await logs.completion();
        expect(line.error).to.deep.equal({
          type: 'SyntaxError',
          message: `the request body was refused by the body parser (${name.startsWith('Express') ? 'entity.parse.failed' : 'parse failed'}, status 400); the body is not logged`,
        });
        expect(logs.raw).not.to.include('hunter2');
        expect(logs.raw).not.to.include('diagnosis');
      } finally {
        await server.close();
      }
    });
  }
});
