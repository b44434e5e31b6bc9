import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa, { type Middleware } from 'koa';
import { ragFeedbackHandler, ragMetrics } from 'rag-metrics/koa';
import { createRagService } from '../service/create-service';
import { openAnswerStream, SSE_HEADERS } from './answer-stream';
import type { SampleAppConfig } from './app-config';
import { askInputFromBody, askInputFromQuery } from './ask-input';
import { errorResponse } from './error-response';
import { feedbackOptions } from './feedback-options';

/**
 * The sample RAG service on Koa: `POST /ask`, `GET /ask/stream`, `POST /feedback`, `GET /health`,
 * `/metrics`.
 */
export function createKoaApp(config: SampleAppConfig): Koa {
  const { service, passages } = createRagService(config);
  const app = new Koa();
  const router = new Router();

  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok', passages, models: config.models.allowed };
  });

  // Parsed on the route, not app-wide, so a bad body is still counted under route="/ask".
  router.post('/ask', bodyParser({ enableTypes: ['json'], jsonLimit: '16kb' }), async (ctx) => {
    const input = askInputFromBody(ctx.request.body, config.models);
    ctx.body = await service.ask(input.question, ctx.rag, { model: input.model });
  });

  router.get('/ask/stream', async (ctx) => {
    const input = askInputFromQuery(ctx.query, config.models);
    const abort = new AbortController();
    // Stop paying for tokens nobody will read.
    ctx.res.on('close', () => abort.abort());
    const events = await openAnswerStream(service, input, ctx.rag, abort.signal);
    ctx.status = 200;
    ctx.set(SSE_HEADERS);
    ctx.body = events;
  });

  // Thumbs up/down on an earlier answer: { rating, route?, model? }; 204, or 400 saying what is wrong.
  router.post(
    '/feedback',
    bodyParser({ enableTypes: ['json'], jsonLimit: '1kb' }),
    ragFeedbackHandler(feedbackOptions()),
  );

  app.use(ragMetrics(config.metrics));
  app.use(knownErrors);
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

/** Answers client and provider errors; anything else goes on to Koa (500) through ragMetrics. */
const knownErrors: Middleware = async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    const response = errorResponse(err);
    if (!response) throw err;
    ctx.status = response.status;
    ctx.body = response.body;
  }
};
