import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { ragMetrics } from '../../adapters/express';
import { clusterMetricsHandler, startClusterMetricsServer } from '../../lib/cluster';
import { createRagMetrics } from '../../lib/rag-metrics';
import { Exposition } from '../helpers/scrape';
import { listen } from '../helpers/server';

const TOKEN = 'scrape-token-4f9d2c81';
const quiet = { processMetrics: false, includeDefaultRegistry: false } as const;

/** An app mounted the way the README shows, with the token from the environment. */
function appWithToken(bearerToken: string) {
  const app = express();
  app.use(ragMetrics({ ...quiet, metricsAuth: { bearerToken } }));
  app.get('/hello', (_req, res) => {
    res.send('hello');
  });
  return app;
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
}

describe('security: metricsAuth', () => {
  it('should refuse an empty token (METRICS_TOKEN=) in the cluster primary, as in createRagMetrics()', async () => {
    const error = thrown(() => clusterMetricsHandler({ metricsAuth: { bearerToken: '' } }));
    expect(error).to.be.instanceOf(RangeError);
    expect(error.message).to.equal(
      'rag-metrics: clusterMetricsHandler option "metricsAuth.bearerToken" is 0 characters long; it must be at least 16 (an unset METRICS_TOKEN= reads as empty).',
    );
    let rejected: unknown;
    await startClusterMetricsServer({ port: 0, metricsAuth: { bearerToken: '' } }).catch(
      (err: unknown) => {
        rejected = err;
      },
    );
    expect((rejected as Error).message).to.equal(
      'rag-metrics: startClusterMetricsServer option "metricsAuth.bearerToken" is 0 characters long; it must be at least 16 (an unset METRICS_TOKEN= reads as empty).',
    );
  });

  it('should refuse a token shorter than 16 characters', () => {
    const error = thrown(() => createRagMetrics({ metricsAuth: { bearerToken: 'hunter2' } }));
    expect(error.message).to.equal(
      'rag-metrics: option "metricsAuth.bearerToken" is 7 characters long; it must be at least 16 (an unset METRICS_TOKEN= reads as empty).',
    );
    expect(error.message).not.to.include('hunter2');
  });

  it('should refuse a token ending in a newline (read from a file), which no request could match', () => {
    const error = thrown(() => createRagMetrics({ metricsAuth: { bearerToken: `${TOKEN}\n` } }));
    expect(error).to.be.instanceOf(RangeError);
    expect(error.message).to.equal(
      'rag-metrics: option "metricsAuth.bearerToken" ends in a newline (read from a file?), so no request could ever match it; trim it.',
    );
  });

  it('should refuse non-ASCII and spaces in a token without quoting it', () => {
    for (const token of ['ünïcødé-token-🔑-long', 'a token with spaces in it']) {
      const error = thrown(() => createRagMetrics({ metricsAuth: { bearerToken: token } }));
      expect(error.message).to.equal(
        'rag-metrics: option "metricsAuth.bearerToken" holds spaces, control or non-ASCII characters, which no Authorization header can carry; use printable ASCII only.',
      );
    }
  });

  it('should never quote a malformed metricsAuth, which may be the secret itself', () => {
    const secret = 'sk-live-0123456789abcdef';
    const bareString = thrown(() =>
      createRagMetrics({ metricsAuth: secret as unknown as { bearerToken: string } }),
    );
    expect(bareString).to.be.instanceOf(TypeError);
    expect(bareString.message).to.equal(
      'rag-metrics: option "metricsAuth" is a string of 24 characters (not shown); it must be { bearerToken: "<at least 16 printable ASCII characters>" } or a function (req) => boolean.',
    );
    const wrongKey = thrown(() =>
      clusterMetricsHandler({
        metricsAuth: { token: secret } as unknown as { bearerToken: string },
      }),
    );
    expect(wrongKey.message).to.equal(
      'rag-metrics: clusterMetricsHandler option "metricsAuth" is an object with keys "token"; it must be { bearerToken: "<at least 16 printable ASCII characters>" } or a function (req) => boolean.',
    );
    expect(`${bareString.stack}${wrongKey.stack}`).not.to.include(secret);
  });

  it('should trim only spaces and tabs: a no-break space (U+00A0) or a line break is not the token', async () => {
    const { url, close } = await listen(appWithToken(TOKEN));
    try {
      const status = async (authorization: string) =>
        (await fetch(`${url}/metrics`, { headers: { authorization } })).status;
      expect(await status(`Bearer \t${TOKEN} \t`)).to.equal(200);
      // Node reads header bytes as latin1: 0xA0 arrives as U+00A0, which String#trim() removes.
      expect(await status(`Bearer ${TOKEN}\u00a0`)).to.equal(401);
      expect(await status(`Bearer \u00a0${TOKEN}`)).to.equal(401);
      expect(await status('Bearer \u00a0')).to.equal(401);
    } finally {
      await close();
    }
  });

  it('should count each refused scrape by reason in rag_metrics_unauthorized_total', async () => {
    const app = appWithToken(TOKEN);
    await request(app).get('/metrics').expect(401);
    await request(app).get('/metrics').set('Authorization', `Basic ${TOKEN}`).expect(401);
    // Node drops the space that ends a header value: an empty token arrives as the bare scheme.
    await request(app).get('/metrics').set('Authorization', 'Bearer ').expect(401);
    await request(app)
      .get('/metrics')
      .set('Authorization', `Bearer ${'x'.repeat(8000)}`)
      .expect(401);
    const response = await request(app)
      .get('/metrics')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    const exposition = new Exposition(response.text);
    const count = (reason: string) =>
      exposition.value('rag_metrics_unauthorized_total', { reason });
    expect([
      count('missing'),
      count('wrong_scheme'),
      count('wrong_token'),
      count('denied'),
    ]).to.deep.equal([1, 2, 1, 0]);
  });

  it('should count refusals of a custom check as "denied", a throwing check included', async () => {
    const metrics = createRagMetrics({
      ...quiet,
      metricsAuth: (req) => {
        if (req.headers['x-boom'] !== undefined) throw new Error('boom');
        return req.headers['x-scraper'] === 'prometheus';
      },
    });
    const handler = metrics.metricsHandler();
    await request(handler).get('/metrics').expect(401);
    await request(handler).get('/metrics').set('x-boom', '1').expect(401);
    const response = await request(handler).get('/metrics').set('x-scraper', 'prometheus');
    expect(
      new Exposition(response.text).value('rag_metrics_unauthorized_total', { reason: 'denied' }),
    ).to.equal(2);
  });

  it('should count refused scrapes on the cluster primary, in its own exposition', async () => {
    const handler = clusterMetricsHandler({ metricsAuth: { bearerToken: TOKEN } });
    await request(handler).get('/metrics').set('Authorization', 'Bearer guess').expect(401);
    const response = await request(handler)
      .get('/metrics')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    expect(
      new Exposition(response.text).value('rag_metrics_unauthorized_total', {
        reason: 'wrong_token',
      }),
    ).to.equal(1);
  });
});
