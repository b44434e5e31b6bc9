import { expect } from 'chai';
import request from 'supertest';
import { FLAVOURS } from '../fixtures/flavours';

/** Things that identify a user or a request, sent in every place a request can carry them. */
const SECRETS = {
  userId: 'user-8f3a2c',
  email: 'alice@example.com',
  session: 'sess-51d9e0',
  ip: '203.0.113.77',
  query: 'what is my salary',
  token: 'tok-7c1b4e',
};

describe("no user data in labels through the package's own code paths", () => {
  for (const flavour of FLAVOURS) {
    it(`${flavour.name}: ids, e-mails, sessions, IPs and questions never reach /metrics`, async () => {
      const app = flavour.create({
        processMetrics: false,
        includeDefaultRegistry: false,
        onWarning: () => undefined,
      });
      const send = (method: 'get' | 'post', path: string) =>
        request(app)
          [method](path)
          .set('X-Forwarded-For', SECRETS.ip)
          .set('X-User-Id', SECRETS.userId)
          .set('Cookie', `session=${SECRETS.session}`)
          .set('Authorization', `Bearer ${SECRETS.token}`)
          .set('User-Agent', SECRETS.email);
      const q = encodeURIComponent(SECRETS.query);
      // Matched routes with ids in the path and the query, unmatched paths, errors and a 404.
      await send('get', `/api/docs/${SECRETS.userId}?session=${SECRETS.session}&q=${q}`);
      await send('get', `/users/${SECRETS.email}/sessions/${SECRETS.session}`);
      await send('get', `/api/status/503?user=${SECRETS.userId}`);
      await send('get', `/api/throw?ip=${SECRETS.ip}`);
      await send('post', `/api/ask?q=${q}`);
      const text = (await request(app).get('/metrics').expect(200)).text;
      expect(text).to.include('rag_requests_total');
      for (const [kind, secret] of Object.entries(SECRETS)) {
        expect(text.includes(secret), `${kind} "${secret}" in /metrics`).to.equal(false);
        expect(text.includes(encodeURIComponent(secret)), `${kind} encoded in /metrics`).to.equal(
          false,
        );
      }
    });
  }
});
