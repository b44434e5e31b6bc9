import type { IncomingMessage, ServerResponse } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import Koa from 'koa';
import { pino } from 'pino';
import request from 'supertest';
import {
  ragLogger as expressLogger,
  ragMetrics as expressMetrics,
  logQuery,
} from '../../adapters/express';
import { ragLogger as koaLogger, ragMetrics as koaMetrics } from '../../adapters/koa';
import { CompletionLines } from '../../lib/logging/completion-line';
import { QueryDigest } from '../../lib/logging/query-digest';
import { HeaderRedactor } from '../../lib/logging/redaction';
import { ServiceIdentity } from '../../lib/logging/service-identity';
import { FLAVOURS } from '../fixtures/flavours';
import { LogCapture } from '../helpers/log-capture';
import { MS, withoutTimings } from '../helpers/log-lines';
import { scrape } from '../helpers/scrape';

const metricsOptions = {
  processMetrics: false,
  includeDefaultRegistry: false,
  serviceName: 'docs-qa',
  environment: 'test',
} as const;

for (const flavour of FLAVOURS) {
  describe(`${flavour.name}: ragLogger() never changes the response`, () => {
    it('should answer exactly as without it, apart from the x-request-id header', async () => {
      const logs = new LogCapture();
      const plain = await request(flavour.create(metricsOptions)).post('/api/ask').expect(200);
      const logged = await request(flavour.create(metricsOptions, { destination: logs }))
        .post('/api/ask')
        .expect(200);
      expect(logged.text).to.equal(plain.text);
      const { 'x-request-id': id, date: _loggedDate, ...loggedHeaders } = logged.headers;
      const { date: _plainDate, ...plainHeaders } = plain.headers;
      expect(id).to.be.a('string');
      expect(loggedHeaders).to.deep.equal(plainHeaders);
    });

    it('should log a request whose handler recorded only bad values, with no rag object', async () => {
      const logs = new LogCapture();
      const app = flavour.create(
        { ...metricsOptions, onWarning: () => {} },
        { destination: logs, headers: false },
      );
      await request(app).post('/api/garbage').set('x-request-id', 'g-1').expect(200, 'fine');
      const line = withoutTimings(await logs.completion());
      expect(line).to.not.have.property('rag');
      expect(line.level).to.equal('info');
    });

    it('should take service and environment from its own options over ragMetrics()', async () => {
      const logs = new LogCapture();
      const app = flavour.create(metricsOptions, {
        destination: logs,
        serviceName: 'logger-service',
        environment: 'logger-env',
      });
      await request(app).get('/hello').expect(200);
      expect(await logs.completion()).to.include({
        service: 'logger-service',
        environment: 'logger-env',
      });
    });
  });
}

describe('ragLogger() without ragMetrics()', () => {
  it('should log Express requests with service and environment from the environment, and no rag', async () => {
    const logs = new LogCapture();
    const app = express();
    app.use(
      expressLogger({
        destination: logs,
        headers: false,
        env: { SERVICE_NAME: 'env-service', ENV: 'staging', NODE_ENV: 'production' },
      }),
    );
    app.get('/docs/:id', (_req, res) => {
      logQuery(res, 42 as unknown as string);
      res.send('doc');
    });
    await request(app).get('/docs/7').set('x-request-id', 'e-1').expect(200, 'doc');
    const { pid: _pid, hostname: _hostname, ...line } = withoutTimings(await logs.completion());
    expect(line).to.deep.equal({
      level: 'info',
      time: 'iso',
      request_id: 'e-1',
      service: 'env-service',
      environment: 'staging',
      method: 'GET',
      route: '/docs/:id',
      status_code: 200,
      duration_ms: MS,
      msg: 'request completed',
    });
  });

  it('should log a Koa request and put a thrown non-Error on the line, rethrowing it', async () => {
    const logs = new LogCapture();
    const app = new Koa();
    app.silent = true;
    app.use(koaLogger({ destination: logs, headers: false, env: {} }));
    app.use(() => {
      throw 'provider exploded';
    });
    await request(app.callback()).get('/').set('x-request-id', 'k-1').expect(500);
    const { pid: _pid, hostname: _hostname, ...line } = withoutTimings(await logs.completion());
    expect(line).to.deep.equal({
      level: 'error',
      time: 'iso',
      request_id: 'k-1',
      service: 'rag-service',
      environment: 'development',
      method: 'GET',
      route: '__unmatched__',
      status_code: 500,
      duration_ms: MS,
      error: { type: 'string_thrown', message: 'provider exploded' },
      msg: 'request errored',
    });
  });
});

describe('ragLogger() mounted before ragMetrics()', () => {
  // The logger then listens for the end of the response itself, and writes before the request is
  // recorded: the line has what the handler recorded, the metrics are unaffected.
  const tokens = { model: 'gpt-4o-mini', input: 120, output: 30 };
  const expectedRag = { input: 120, output: 30, cached_input: 0 };

  it('should still log the route and the recorded tokens on Express, and record the request', async () => {
    const logs = new LogCapture();
    const app = express();
    app.use(expressLogger({ destination: logs, headers: false, env: {} }));
    const metrics = expressMetrics(metricsOptions);
    app.use(metrics);
    app.post('/ask/:id', (_req, res) => {
      res.locals.rag.recordTokens(tokens);
      res.send('answer');
    });
    await request(app).post('/ask/1').expect(200, 'answer');
    const line = await logs.completion();
    expect(logs.completions).to.have.length(1);
    expect(line).to.include({ route: '/ask/:id', status_code: 200, service: 'docs-qa' });
    expect((line.rag as { tokens: unknown }).tokens).to.deep.equal(expectedRag);
    const exposition = await scrape(app);
    const labels = { method: 'POST', route: '/ask/:id', status_code: '200' };
    expect(exposition.value('rag_requests_total', labels)).to.equal(1);
  });

  it('should still log the route and the recorded tokens on Koa, and record the request', async () => {
    const logs = new LogCapture();
    const app = new Koa();
    app.use(koaLogger({ destination: logs, headers: false, env: {} }));
    app.use(koaMetrics(metricsOptions));
    app.use((ctx) => {
      ctx.rag.recordTokens(tokens);
      ctx.body = 'answer';
    });
    await request(app.callback()).post('/ask').expect(200, 'answer');
    const line = await logs.completion();
    expect(logs.completions).to.have.length(1);
    expect(line).to.include({ route: '__unmatched__', status_code: 200, service: 'docs-qa' });
    expect((line.rag as { tokens: unknown }).tokens).to.deep.equal(expectedRag);
    const exposition = await scrape(app.callback());
    const labels = { method: 'POST', route: '__unmatched__', status_code: '200' };
    expect(exposition.value('rag_requests_total', labels)).to.equal(1);
  });
});

describe('ragLogger({ logger })', () => {
  it("should write through the app's logger as the app configured it, with redaction, leaving that logger as it was", async () => {
    const logs = new LogCapture();
    const logger = pino({ base: { app: 'docs' }, timestamp: pino.stdTimeFunctions.isoTime }, logs);
    const app = express();
    app.use(expressLogger({ logger, headers: true, env: {} }));
    app.get('/', (req, res) => {
      req.log.warn('careful');
      res.send('ok');
    });
    await request(app).get('/').set('authorization', 'Bearer app-logger-secret').expect(200);
    const line = await logs.completion();
    // The app's logger writes pino's numeric levels: it is used as configured, never altered.
    expect(line).to.include({ level: 30, app: 'docs', msg: 'request completed' });
    expect((line.req_headers as Record<string, unknown>).authorization).to.equal('[Redacted]');
    expect(logs.lines[0]).to.include({ level: 40, app: 'docs', msg: 'careful' });
    expect(logs.raw).to.not.include('app-logger-secret');

    app.get('/headers', (req, res) => {
      req.log.info({ headers: req.headers }, 'handler logged headers');
      res.send('ok');
    });
    await request(app).get('/headers').set('x-api-key', 'handler-line-secret').expect(200);
    await logs.completion(2);
    const handlerLine = logs.lines.find((entry) => entry.msg === 'handler logged headers');
    expect(handlerLine?.headers).to.deep.include({ 'x-api-key': '[Redacted]' });
    expect(logs.raw).to.not.include('handler-line-secret');

    logger.info({ headers: { authorization: 'Bearer direct' } }, 'direct');
    expect(logs.lines.at(-1)).to.deep.include({ level: 30, msg: 'direct' });
  });
});

describe('ragLogger({ logger }) with custom levels', () => {
  it("should write the app's custom levels as the app's logger formats them, in valid JSON", async () => {
    const logs = new LogCapture();
    const logger = pino<'audit'>(
      { customLevels: { audit: 35 }, formatters: { level: (label) => ({ level: label }) } },
      logs,
    );
    const app = express();
    app.use(expressLogger({ logger, headers: false, env: {} }));
    app.get('/', (req, res) => {
      (req.log as unknown as typeof logger).audit('audited');
      res.send('ok');
    });
    await request(app).get('/').expect(200);
    await logs.completion();
    expect(logs.lines.map((line) => [line.level, line.msg])).to.deep.equal([
      ['audit', 'audited'],
      ['info', 'request completed'],
    ]);
  });
});

describe('CompletionLines#build(req, res, record, aborted, start)', () => {
  const START = { startedAt: performance.now(), source: undefined };
  const identity = new ServiceIdentity('svc', 'env', 'unused', 'unused');
  const queries = new QueryDigest(undefined, false);
  const req = { method: 'GET', headers: {} } as IncomingMessage;
  const response = (overrides: object) => {
    const res = {
      statusCode: 200,
      writableEnded: true,
      getHeaderNames: () => [],
      ...overrides,
    } as unknown as ServerResponse;
    return res;
  };

  it('should fall back to a short line saying why, instead of throwing', () => {
    const throwing = new CompletionLines(
      () => {
        throw new Error('route exploded');
      },
      identity,
      queries,
      new HeaderRedactor([]),
    );
    expect(throwing.build(req, response({}), undefined, false, START)).to.deep.equal({
      method: 'GET',
      status_code: 200,
      log_error: 'rag-metrics could not build the completion line: Error',
    });
  });

  it('should fall back when the response headers cannot be read', () => {
    const lines = new CompletionLines(() => '/r', identity, queries, new HeaderRedactor([]));
    const res = response({
      getHeaderNames: () => {
        throw new TypeError('no headers');
      },
    });
    expect(lines.build(req, res, undefined, false, START).log_error).to.equal(
      'rag-metrics could not build the completion line: TypeError',
    );
  });

  it('should describe a 5xx nothing threw as an http_<status> error, at error', () => {
    const lines = new CompletionLines(() => '/r', identity, queries, undefined);
    const res = response({ statusCode: 502 });
    const line = lines.build(req, res, undefined, false, START);
    expect(line.error).to.deep.equal({ type: 'http_502', message: 'responded with status 502' });
    expect(lines.level(res, false)).to.equal('error');
    expect(lines.message(res, false)).to.equal('request errored');
  });

  it('should log a thrown 4xx (ctx.throw(401)) at warn, with the error', () => {
    const lines = new CompletionLines(() => '/r', identity, queries, undefined);
    const unauthorized = Object.assign(new Error('Unauthorized'), { status: 401 });
    const res = response({ statusCode: 401, err: unauthorized });
    expect(lines.level(res, false)).to.equal('warn');
    expect(lines.build(req, res, undefined, false, START).error).to.include({
      type: 'Error',
      message: 'Unauthorized',
    });
  });
});
