import crypto from 'node:crypto';
import type { RequestListener } from 'node:http';
import { expect } from 'chai';
import request from 'supertest';
import { createRagMetrics } from '../../lib/rag-metrics';

const TOKEN = 's3cret-token-of-some-length';

/** Presented tokens of every length: none may throw, only the exact token may pass. */
const WRONG = [
  's',
  TOKEN.slice(0, -1),
  `${TOKEN}x`,
  TOKEN.toUpperCase(),
  // Longer than this and Node answers 431 before any handler runs (16 KiB of headers at most).
  'x'.repeat(12 * 1024),
  'ünïcødé 🔑',
  `${TOKEN}\u0000`,
];

function handlerApp(): RequestListener {
  const metrics = createRagMetrics({
    processMetrics: false,
    includeDefaultRegistry: false,
    metricsAuth: { bearerToken: TOKEN },
  });
  return metrics.metricsHandler();
}

describe('metricsAuth: { bearerToken }', () => {
  it('should answer 401, never throw, for wrong tokens of any length', async () => {
    const app = handlerApp();
    for (const token of WRONG) {
      const response = await request(app)
        .get('/metrics')
        .set('Authorization', `Bearer ${encodeURIComponent(token)}`);
      expect(response.status, JSON.stringify(token.slice(0, 40))).to.equal(401);
      expect(response.headers['www-authenticate']).to.equal('Bearer realm="metrics"');
    }
  });

  it('should answer 401 without a bearer scheme and 200 with the token', async () => {
    const app = handlerApp();
    await request(app).get('/metrics').expect(401);
    await request(app).get('/metrics').set('Authorization', 'Bearer ').expect(401);
    await request(app).get('/metrics').set('Authorization', `Basic ${TOKEN}`).expect(401);
    await request(app).get('/metrics').set('Authorization', TOKEN).expect(401);
    await request(app).get('/metrics').set('Authorization', `bearer ${TOKEN}`).expect(200);
  });

  it('should compare equal-length digests with crypto.timingSafeEqual, whatever the length presented', async () => {
    // Constant time by construction: every presented token is hashed to 32 bytes and compared with
    // timingSafeEqual, so neither the length nor a matching prefix changes the work done. Checked by
    // watching the calls rather than by timing, which would be flaky.
    const original = crypto.timingSafeEqual;
    const lengths: [number, number][] = [];
    crypto.timingSafeEqual = (a, b) => {
      lengths.push([a.byteLength, b.byteLength]);
      return original(a, b);
    };
    try {
      const app = handlerApp();
      for (const token of [...WRONG, TOKEN]) {
        await request(app)
          .get('/metrics')
          .set('Authorization', `Bearer ${encodeURIComponent(token)}`);
      }
    } finally {
      crypto.timingSafeEqual = original;
    }
    expect(lengths).to.deep.equal(Array.from({ length: WRONG.length + 1 }, () => [32, 32]));
  });
});
