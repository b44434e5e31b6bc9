import type { RequestListener } from 'node:http';
import bodyParser from '@koa/bodyparser';
import Router from '@koa/router';
import { expect } from 'chai';
import express from 'express';
import Koa from 'koa';
import {
  ragFeedbackHandler as expressFeedback,
  ragMetrics as expressMetrics,
} from '../../adapters/express';
import { ragFeedbackHandler as koaFeedback, ragMetrics as koaMetrics } from '../../adapters/koa';
import type { FeedbackHandlerOptions } from '../../lib/feedback-handler';
import { Exposition } from '../helpers/scrape';
import { listen } from '../helpers/server';
import { postSlowly } from './helpers/raw-post';

const quiet = { processMetrics: false, includeDefaultRegistry: false } as const;
const ALLOWED = { routes: ['/ask'], models: ['gpt-4o', 'gpt-4o-mini'] };

interface App {
  readonly name: string;
  /** A body parser reads the body before the handler does (and sets its own size limit). */
  readonly parser: boolean;
  create(options?: FeedbackHandlerOptions): RequestListener;
}

/** The feedback route as the README mounts it, with and without a body parser before it. */
const APPS: readonly App[] = [
  {
    name: 'Express 5',
    parser: false,
    create(options) {
      const app = express();
      app.use(expressMetrics(quiet));
      app.post('/feedback', expressFeedback(options));
      return app;
    },
  },
  {
    name: 'Express 5 with express.json()',
    parser: true,
    create(options) {
      const app = express();
      app.use(expressMetrics(quiet));
      app.post('/feedback', express.json(), expressFeedback(options));
      return app;
    },
  },
  {
    name: 'Koa 3 with @koa/router',
    parser: false,
    create(options) {
      const app = new Koa();
      app.use(koaMetrics(quiet));
      const router = new Router();
      router.post('/feedback', koaFeedback(options));
      app.use(router.routes());
      return app.callback();
    },
  },
  {
    name: 'Koa 3 with @koa/bodyparser',
    parser: true,
    create(options) {
      const app = new Koa();
      app.use(koaMetrics(quiet));
      app.use(bodyParser());
      const router = new Router();
      router.post('/feedback', koaFeedback(options));
      app.use(router.routes());
      return app.callback();
    },
  },
];

/** POSTs `body` with `contentType`, or with no Content-Type at all for `null`. */
async function post(
  url: string,
  body: string,
  contentType: string | null = 'application/json',
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> =
    contentType === null ? {} : { 'content-type': contentType };
  // Bytes, not a string: fetch would label a string body text/plain itself.
  const response = await fetch(`${url}/feedback`, {
    method: 'POST',
    headers,
    body: new TextEncoder().encode(body),
  });
  return { status: response.status, text: await response.text() };
}

async function feedbackSeries(url: string) {
  const exposition = new Exposition(await (await fetch(`${url}/metrics`)).text());
  return exposition
    .series('rag_feedback_total')
    .map((labels) => ({ ...labels, value: exposition.value('rag_feedback_total', labels) }));
}

function errorOf(message: string): string {
  return JSON.stringify({ error: message });
}

for (const { name, parser, create } of APPS) {
  describe(`security: ${name} ragFeedbackHandler`, () => {
    let server: Awaited<ReturnType<typeof listen>> | undefined;
    const start = async (options?: FeedbackHandlerOptions) => {
      server = await listen(create(options));
      return server.url;
    };
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it('should record made-up route and model names as "unknown" without allow-lists', async () => {
      const url = await start();
      for (let i = 0; i < 100; i++) {
        const body = { rating: 'negative', route: `/fake/${i}`, model: `made-up-${i}-模型-🚀` };
        expect((await post(url, JSON.stringify(body))).status).to.equal(204);
      }
      expect(await feedbackSeries(url)).to.deep.equal([
        { route: 'unknown', model: 'unknown', rating: 'negative', value: 100 },
      ]);
    });

    it('should refuse reserved label values, with or without allow-lists', async () => {
      for (const options of [undefined, ALLOWED]) {
        const url = await start(options);
        for (const reserved of ['__other__', '__empty__', '__unmatched__']) {
          const answer = await post(url, JSON.stringify({ rating: 'positive', model: reserved }));
          expect(answer).to.deep.equal({
            status: 400,
            text: errorOf(
              `rag-metrics feedback: "model" is "${reserved}", a value reserved for the metrics themselves; leave it out.`,
            ),
          });
        }
        expect(await feedbackSeries(url)).to.deep.equal([]);
        await server?.close();
        server = undefined;
      }
    });

    it('should answer 400 without listing the allow-lists, for unicode, long and __proto__ values', async () => {
      const url = await start(ALLOWED);
      const long = 'x'.repeat(3000);
      const cases: [string, string][] = [
        [
          JSON.stringify({ rating: 'positive', route: '/admin' }),
          'rag-metrics feedback: "route" is "/admin", which this service does not take feedback for; leave it out if unsure.',
        ],
        [
          JSON.stringify({ rating: 'positive', model: 'gpt-4o\u0000模型' }),
          'rag-metrics feedback: "model" is "gpt-4o\\u0000模型", which this service does not take feedback for; leave it out if unsure.',
        ],
        [
          JSON.stringify({ rating: 'positive', model: long }),
          `rag-metrics feedback: "model" is "${long}", which this service does not take feedback for; leave it out if unsure.`,
        ],
        [
          '{"__proto__":{"rating":"positive","route":"/ask"}}',
          'rag-metrics feedback: "rating" is undefined; it must be "positive" or "negative".',
        ],
        [
          '{"rating":"positive","route":"__proto__"}',
          'rag-metrics feedback: "route" is "__proto__", which this service does not take feedback for; leave it out if unsure.',
        ],
      ];
      for (const [body, message] of cases) {
        const answer = await post(url, body);
        // @koa/bodyparser refuses a "__proto__" key itself, before the handler runs.
        const refusedByParser = parser && answer.text === 'Bad Request';
        expect(answer).to.deep.equal({
          status: 400,
          text: refusedByParser ? 'Bad Request' : errorOf(message),
        });
        expect(answer.text).not.to.include('gpt-4o-mini');
      }
      expect(await feedbackSeries(url)).to.deep.equal([]);
    });

    it('should answer 415 to bodies a browser can send cross-site without a preflight', async () => {
      const url = await start(ALLOWED);
      const body = JSON.stringify({ rating: 'negative', route: '/ask' });
      const wrongTypes = [
        'text/plain',
        'text/plain;charset=UTF-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/jsonp',
        null,
      ];
      for (const contentType of wrongTypes) {
        expect(await post(url, body, contentType), String(contentType)).to.deep.equal({
          status: 415,
          text: errorOf(
            'rag-metrics feedback: the body must be sent with Content-Type: application/json.',
          ),
        });
      }
      expect((await post(url, body, 'Application/JSON; charset=utf-8')).status).to.equal(204);
      expect(await feedbackSeries(url)).to.deep.equal([
        { route: '/ask', model: 'unknown', rating: 'negative', value: 1 },
      ]);
    });

    it('should answer 413 to a declared length over 4 KB, whatever read the body', async () => {
      const url = await start(ALLOWED);
      const body = JSON.stringify({ rating: 'positive', route: '/ask', padding: 'x'.repeat(5000) });
      expect(await post(url, body)).to.deep.equal({
        status: 413,
        text: errorOf(
          'rag-metrics feedback: the body is larger than 4096 bytes; send {"rating":"positive"} with at most a route and a model.',
        ),
      });
      expect(await feedbackSeries(url)).to.deep.equal([]);
    });

    // With a body parser first, the parser reads (or refuses) the body before the handler runs.
    if (parser) return;

    it('should answer 413 from Content-Length before the body is sent, and close the connection', async () => {
      const url = await start(ALLOWED);
      const answer = await postSlowly(
        `${url}/feedback`,
        { 'Content-Type': 'application/json', 'Content-Length': String(50 * 1024 * 1024) },
        { chunked: false, maxBytes: 0 },
      );
      expect(answer.status, answer.head).to.equal(413);
      expect(answer.head.toLowerCase()).to.include('connection: close');
      expect(answer.closed).to.equal(true);
    });

    it('should stop reading a chunked body past 4 KB with 413', async () => {
      const url = await start(ALLOWED);
      const answer = await postSlowly(
        `${url}/feedback`,
        { 'Content-Type': 'application/json' },
        { chunked: true, maxBytes: 2 * 1024 * 1024 },
      );
      expect(answer.status, answer.head).to.equal(413);
      expect(answer.closed).to.equal(true);
      // Answered long before the 2 MiB the client was willing to send (a body parser before the
      // handler, with its default limit of 100 KB or 1 MB, is what sets the bound there).
      expect(answer.bytesSent).to.be.below(1024 * 1024 + 64 * 1024);
      expect(await feedbackSeries(url)).to.deep.equal([]);
    });
  });
}

describe('ragFeedbackHandler({ routes, models })', () => {
  it('should refuse a reserved value in an allow-list at construction', () => {
    expect(() => expressFeedback({ models: ['gpt-4o', '__other__'] })).to.throw(
      RangeError,
      'rag-metrics: ragFeedbackHandler option "models" holds "__other__", a label value the metrics reserve for themselves; remove it.',
    );
  });
});
