import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { FLAVOURS } from '../fixtures/flavours';
import { LogCapture } from '../helpers/log-capture';

const metricsOptions = { processMetrics: false, includeDefaultRegistry: false } as const;

const QUESTION = 'Is Alice Martin at 12 Rue Oberkampf still owed her 2025 bonus?';
const SECRETS = {
  authorization: 'Bearer sk-proj-authorization-secret',
  cookie: 'session=cookie-secret-from-the-client',
  'x-api-key': 'x-api-key-secret',
  'api-key': 'azure-api-key-secret',
  'openai-api-key': 'openai-api-key-secret',
  'proxy-authorization': 'Basic proxy-secret',
  // Not on the list, but named like a credential.
  'x-acme-api-key': 'acme-api-key-secret',
  'x-session-token': 'session-token-secret',
} as const;
const HASH_KEY = 'a-key-of-at-least-16-characters';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function hmac12(text: string): string {
  return createHmac('sha256', HASH_KEY).update(text).digest('hex').slice(0, 12);
}

for (const flavour of FLAVOURS) {
  describe(`${flavour.name}: ragLogger() privacy`, () => {
    let logs: LogCapture;

    beforeEach(() => {
      logs = new LogCapture();
    });

    it('should redact secret headers and log a question only as its length and hash', async () => {
      const app = flavour.create(metricsOptions, {
        destination: logs,
        queryHashKey: HASH_KEY,
        headers: true,
      });
      await request(app)
        .post('/api/question')
        .set(SECRETS)
        .set('x-request-id', 'q-1')
        .set('content-type', 'application/json')
        .send({ question: QUESTION })
        .expect(200);
      const line = await logs.completion();
      const requestHeaders = line.req_headers as Record<string, unknown>;
      for (const name of Object.keys(SECRETS)) {
        expect(requestHeaders[name], name).to.equal('[Redacted]');
      }
      expect(requestHeaders['x-request-id']).to.equal('q-1');
      expect(requestHeaders['content-type']).to.equal('application/json');
      const responseHeaders = line.res_headers as Record<string, unknown>;
      expect(responseHeaders['set-cookie']).to.equal('[Redacted]');
      expect(responseHeaders['x-request-id']).to.equal('q-1');
      expect(line.query).to.deep.equal({ length: QUESTION.length, hash: hmac12(QUESTION) });

      for (const secret of [...Object.values(SECRETS), 'cookie-secret-from-the-server']) {
        expect(logs.raw).to.not.include(secret);
      }
      for (const fragment of ['Alice', 'Martin', 'Oberkampf', 'bonus']) {
        expect(logs.raw).to.not.include(fragment);
      }
    });

    it("should give the handler's req.log / ctx.log lines the request id and nothing of the request", async () => {
      const app = flavour.create(metricsOptions, { destination: logs });
      await request(app)
        .post('/api/question?q=secret-in-the-url')
        .set(SECRETS)
        .set('x-request-id', 'q-2')
        .send({ question: QUESTION })
        .expect(200);
      await logs.completion();
      const { time, ...handlerLine } = logs.lines[0] as Record<string, unknown>;
      expect(time).to.be.a('string');
      expect(handlerLine).to.deep.equal({
        level: 'info',
        pid: process.pid,
        hostname: (logs.lines[1] as Record<string, unknown>).hostname,
        request_id: 'q-2',
        msg: 'answering',
      });
      expect(logs.raw).to.not.include('secret-in-the-url');
    });

    it('should log the question verbatim with logQueries: true', async () => {
      const app = flavour.create(metricsOptions, {
        destination: logs,
        logQueries: true,
        queryHashKey: HASH_KEY,
      });
      await request(app).post('/api/question').send({ question: QUESTION }).expect(200);
      expect((await logs.completion()).query).to.deep.equal({
        length: QUESTION.length,
        hash: hmac12(QUESTION),
        text: QUESTION,
      });
    });

    it('should redact the header names given in redactHeaders', async () => {
      const app = flavour.create(metricsOptions, {
        destination: logs,
        redactHeaders: ['X-Tenant-Token'],
        headers: true,
      });
      await request(app).get('/hello').set('x-tenant-token', 'tenant-secret').expect(200);
      const line = await logs.completion();
      expect((line.req_headers as Record<string, unknown>)['x-tenant-token']).to.equal(
        '[Redacted]',
      );
      expect(logs.raw).to.not.include('tenant-secret');
    });

    it('should leave headers off the line by default, and with headers: false', async () => {
      for (const loggerOptions of [{}, { headers: false }]) {
        const captured = new LogCapture();
        const app = flavour.create(metricsOptions, { destination: captured, ...loggerOptions });
        await request(app)
          .get('/hello')
          .set(SECRETS)
          .set('referer', 'https://docs.example/search?q=private+question')
          .expect(200);
        const line = await captured.completion();
        expect(line).to.not.have.any.keys('req_headers', 'res_headers');
        expect(captured.raw).to.not.include('private');
      }
    });
  });

  describe(`${flavour.name}: ragLogger() request id`, () => {
    let logs: LogCapture;

    beforeEach(() => {
      logs = new LogCapture();
    });

    it('should reuse a well-formed x-request-id, echo it and log it', async () => {
      const app = flavour.create(metricsOptions, { destination: logs });
      const id = '1-67a2b3c4.lb_7:x-9';
      const response = await request(app).get('/hello').set('x-request-id', id).expect(200);
      expect(response.headers['x-request-id']).to.equal(id);
      expect((await logs.completion()).request_id).to.equal(id);
    });

    for (const [what, id] of [
      ['with spaces and quotes', 'a" "b'],
      ['of 129 characters', 'x'.repeat(129)],
      ['with a newline-like escape', 'abc\\u000a{"level":"info"}'],
      ['sent twice', ['id-one', 'id-two']],
    ] as const) {
      it(`should replace an x-request-id ${what} with a fresh UUID, and echo that`, async () => {
        const app = flavour.create(metricsOptions, { destination: logs });
        const response = await request(app)
          .get('/hello')
          .set('x-request-id', id as string)
          .expect(200);
        const echoed = response.headers['x-request-id'] as string;
        expect(echoed).to.match(UUID);
        expect((await logs.completion()).request_id).to.equal(echoed);
      });
    }

    it('should echo the request id on the response to a thrown error', async () => {
      const app = flavour.create(metricsOptions, { destination: logs });
      const response = await request(app)
        .get('/api/throw')
        .set('x-request-id', 'err-1')
        .expect(500);
      expect(response.headers['x-request-id']).to.equal('err-1');
      expect((await logs.completion()).request_id).to.equal('err-1');
    });

    it('should generate a UUID when no x-request-id comes in', async () => {
      const app = flavour.create(metricsOptions, { destination: logs });
      const response = await request(app).get('/hello').expect(200);
      expect(response.headers['x-request-id']).to.match(UUID);
      expect((await logs.completion()).request_id).to.equal(response.headers['x-request-id']);
    });
  });
}
