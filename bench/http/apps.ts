import type { RequestListener } from 'node:http';
import Router from '@koa/router';
import express from 'express';
import promBundle from 'express-prom-bundle';
import Koa from 'koa';
import pino from 'pino';
import pinoHttp from 'pino-http';
import { Registry } from 'prom-client';
import { built } from '../lib/built';
import { generate, QUESTION, retrieve } from './rag-handler';

/**
 * Every server the HTTP comparisons load, by name. Each is built in its own child process
 * (`server.ts`), so that variants never share a heap, a JIT state or a registry.
 *
 * The instrumented variants use the options a production service would: a fresh registry, the
 * process metrics off (they cost nothing per request, only at scrape time, and no scrape happens).
 */
const expressRagMetrics: typeof import('../../adapters/express').ragMetrics = (options) =>
  built.express().ragMetrics(options);
const koaRagMetrics: typeof import('../../adapters/koa').ragMetrics = (options) =>
  built.koa().ragMetrics(options);

export const APPS: Readonly<Record<string, () => RequestListener>> = {
  'express-bare': () => expressHello(),
  // What Express charges for any middleware layer, to read the instrumented variants against.
  'express-noop': () => expressHello((app) => app.use((_req, _res, next) => next())),
  // What 2 MB more heap costs bare Express: the price catalogue loaded, nothing mounted.
  'express-bare-catalogue': () => {
    loadCatalogue();
    return expressHello();
  },
  'express-ragMetrics': () => expressHello((app) => app.use(expressRagMetrics(ragOptions()))),
  // An app that records spend has the catalogue loaded; here it is loaded at startup.
  'express-ragMetrics-catalogue': () => {
    loadCatalogue();
    return expressHello((app) => app.use(expressRagMetrics(ragOptions())));
  },
  'express-ragMetrics-ragLogger': () =>
    expressHello((app) => {
      app.use(expressRagMetrics(ragOptions()));
      app.use(built.express().ragLogger({ destination: devNullDestination() }));
    }),
  'express-ragLogger': () =>
    expressHello((app) =>
      app.use(built.express().ragLogger({ destination: devNullDestination() })),
    ),
  'express-pino-http': () => expressHello((app) => app.use(pinoHttp({ logger: devNullLogger() }))),
  'express-prom-bundle': () =>
    expressHello((app) =>
      app.use(
        promBundle({
          includeMethod: true,
          includePath: true,
          includeStatusCode: true,
          promRegistry: new Registry(),
        }),
      ),
    ),
  'koa-bare': () => koaHello(),
  'koa-noop': () => koaHello((app) => app.use((_ctx, next) => next())),
  'koa-ragMetrics': () => koaHello((app) => app.use(koaRagMetrics(ragOptions()))),
  'koa-ragMetrics-ragLogger': () =>
    koaHello((app) => {
      app.use(koaRagMetrics(ragOptions()));
      app.use(built.koa().ragLogger({ destination: devNullDestination() }));
    }),
  'koa-ragLogger': () =>
    koaHello((app) => app.use(built.koa().ragLogger({ destination: devNullDestination() }))),
  'koa-pino-http': () => koaHello((app) => app.use(koaPinoHttp())),
  'rag-uninstrumented': () => expressRag(false),
  // The same with one middleware that only calls next(): what any middleware costs on Express.
  'rag-noop-middleware': () => expressRag(false, true),
  'rag-instrumented': () => expressRag(true),
};

export type AppName = keyof typeof APPS;

/** Loads the price catalogue of the build under test, as `await waitForUpdate()` at startup does. */
function loadCatalogue(): void {
  void built.core().waitForUpdate();
}

function ragOptions() {
  return { processMetrics: false, includeDefaultRegistry: false };
}

/** /dev/null, written asynchronously: the fastest destination pino offers. */
function devNullDestination() {
  return pino.destination({ dest: '/dev/null', sync: false });
}

function devNullLogger() {
  return pino(devNullDestination());
}

/** pino-http alone on Koa, as its README shows it: on the raw req/res, then on to the next middleware. */
function koaPinoHttp(): Koa.Middleware {
  const logger = pinoHttp({ logger: devNullLogger() });
  return (ctx, next) => {
    logger(ctx.req, ctx.res);
    return next();
  };
}

type ExpressApp = ReturnType<typeof express>;

function expressHello(mount?: (app: ExpressApp) => void): RequestListener {
  const app = express();
  mount?.(app);
  app.get('/hello', (_req, res) => {
    res.send('hello');
  });
  return app as unknown as RequestListener;
}

function koaHello(mount?: (app: Koa) => void): RequestListener {
  const app = new Koa();
  app.silent = true;
  mount?.(app);
  const router = new Router();
  router.get('/hello', (ctx) => {
    ctx.body = 'hello';
  });
  app.use(router.routes());
  return app.callback();
}

/**
 * The RAG-shaped route: two timed stages, two token records, one cache record, relevance and context
 * precision. The uninstrumented variant runs the same stages with no middleware and no recording.
 */
function expressRag(instrumented: boolean, noopMiddleware = false): RequestListener {
  const app = express();
  if (instrumented) app.use(expressRagMetrics(ragOptions()));
  if (noopMiddleware) app.use((_req, _res, next) => next());
  app.get('/ask', (_req, res) => {
    if (!instrumented) {
      const passages = retrieve(QUESTION);
      const result = generate(QUESTION, passages);
      res.json({ answer: result.answer, sources: passages.length });
      return;
    }
    const rag = res.locals.rag;
    rag.recordCache({ hit: false, type: 'semantic' });
    const passages = rag.time('retrieval', () => retrieve(QUESTION));
    rag.recordTokens({ model: 'text-embedding-3-small', input: 8 });
    const result = rag.time('generation', () => generate(QUESTION, passages));
    rag.recordTokens({
      model: 'gpt-4o-mini',
      input: result.promptTokens,
      output: result.completionTokens,
    });
    rag.recordRelevance(0.82);
    rag.recordContextPrecision(0.75);
    res.json({ answer: result.answer, sources: passages.length });
  });
  return app as unknown as RequestListener;
}
