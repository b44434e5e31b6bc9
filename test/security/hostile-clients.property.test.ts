import { expect } from 'chai';
import express from 'express';
import fc from 'fast-check';
import { ragFeedbackHandler, ragLogger, ragMetrics } from '../../adapters/express';
import { LogCapture } from '../helpers/log-capture';
import { listen } from '../helpers/server';

const SERIES_CAP = 20;

// The documented rule (docs/logging.md), written here from the docs, not imported from the code.
const SECRET_NAME = /auth|token|secret|pass|key|session|cookie|signature|credential|csrf|xsrf/i;

/** Header names: credential-like ones (some made up), and ordinary ones. */
const headerName = fc.oneof(
  fc.constantFrom('authorization', 'x-api_key', 'x-functions-key', 'cookie', 'x-pass', 'x-llm-key'),
  fc
    .tuple(
      fc.stringMatching(/^x-[a-z]{1,6}$/),
      fc.constantFrom('-token', '_secret', '-Key', '-passwd', '-session', ''),
    )
    .map(([stem, suffix]) => `${stem}${suffix}`),
);
/** A distinctive value, so that finding it in a log line means it leaked. */
const headerValue = fc.stringMatching(/^[A-Za-z0-9]{10,30}$/).map((text) => `zq${text}`);

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('__other__', '__proto__', '__empty__', 'constructor', '', 'x'.repeat(5000)),
);
const feedbackBody = fc.oneof(
  fc.record(
    {
      rating: fc.oneof(fc.constantFrom('positive', 'negative'), text),
      route: text,
      model: text,
    },
    { requiredKeys: ['rating'] },
  ),
  fc.anything(),
);
const tokenCount = fc.oneof(
  fc.nat(),
  fc.double({ noNaN: true }),
  fc.constantFrom(8e307, Number.MAX_VALUE, 1e7, 1e7 + 1, -1),
);
const usageObject = fc.record({
  object: fc.constant('chat.completion'),
  model: fc.oneof(fc.constantFrom('gpt-4o', 'acme-1'), text),
  usage: fc.record({ prompt_tokens: tokenCount, completion_tokens: tokenCount }),
});

describe('security: hostile clients at random (fast-check)', () => {
  it('should keep series under the family cap, totals finite and credential headers out of the logs', async function () {
    this.timeout(240_000);
    const logs = new LogCapture();
    const app = express();
    app.use(
      ragMetrics({
        processMetrics: false,
        includeDefaultRegistry: false,
        maxSeriesPerMetric: SERIES_CAP,
        pricing: { 'acme-1': { input: Number.MAX_VALUE / 1e6, output: 1 } },
        onWarning: () => {},
      }),
    );
    app.use(ragLogger({ destination: logs, headers: true }));
    app.post('/feedback', ragFeedbackHandler());
    app.post(
      '/feedback-strict',
      express.json(),
      ragFeedbackHandler({ routes: ['/ask'], models: ['gpt-4o'] }),
    );
    // What an upstream answered, relayed as is: the usage object is the client's to choose.
    app.post('/usage', express.json(), (req, res) => {
      req.log.info({ upstream: { headers: req.headers } }, 'relayed');
      res.locals.rag.recordUsage(req.body);
      res.send('ok');
    });
    // Answers body parsers' 400s quietly (Express's own handler prints each to standard error).
    app.use(((err, _req, res, _next) => {
      res.sendStatus((err as { status?: number }).status ?? 500);
    }) as express.ErrorRequestHandler);
    const server = await listen(app);
    const secrets = new Set<string>();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(headerName, headerValue, { maxKeys: 6 }),
          feedbackBody,
          fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8'),
          usageObject,
          async (headers, feedback, contentType, usage) => {
            for (const [name, value] of Object.entries(headers)) {
              if (SECRET_NAME.test(name)) secrets.add(value);
            }
            const body = JSON.stringify(feedback) ?? 'null';
            for (const path of ['/feedback', '/feedback-strict']) {
              const answer = await fetch(`${server.url}${path}`, {
                method: 'POST',
                headers: { ...headers, 'content-type': contentType },
                body: new TextEncoder().encode(body),
              });
              expect([204, 400, 413, 415]).to.include(answer.status);
            }
            const relayed = await fetch(`${server.url}/usage`, {
              method: 'POST',
              headers: { ...headers, 'content-type': 'application/json' },
              body: JSON.stringify(usage),
            });
            expect(relayed.status).to.equal(200);
            const exposition = await (await fetch(`${server.url}/metrics`)).text();
            const perFamily = new Map<string, number>();
            for (const line of exposition.split('\n')) {
              if (line === '' || line.startsWith('#')) continue;
              const value = Number(line.slice(line.lastIndexOf(' ') + 1));
              expect(Number.isFinite(value), line).to.equal(true);
              const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? '';
              if (name.endsWith('_bucket') || name.endsWith('_sum')) continue;
              perFamily.set(name, (perFamily.get(name) ?? 0) + 1);
            }
            for (const [name, series] of perFamily) {
              // The cap, plus the one series every label set past it shares.
              expect(series, name).to.be.at.most(SERIES_CAP + 1);
            }
          },
        ),
        { numRuns: 40 },
      );
      await logs.completion(120);
      for (const secret of secrets) expect(logs.raw).not.to.include(secret);
      expect(secrets.size).to.be.greaterThan(10);
    } finally {
      await server.close();
    }
  });
});
