import express, { type ErrorRequestHandler, type Express } from 'express';
import { ragErrorHandler, ragFeedbackHandler, ragMetrics } from 'rag-metrics/express';
import { createRagService } from '../service/create-service';
import { openAnswerStream, SSE_HEADERS } from './answer-stream';
import type { SampleAppConfig } from './app-config';
import { askInputFromBody, askInputFromQuery } from './ask-input';
import { errorResponse } from './error-response';
import { feedbackOptions } from './feedback-options';

/**
 * The sample RAG service on Express: `POST /ask`, `GET /ask/stream`, `POST /feedback`,
 * `GET /health`, `/metrics`.
 */
export function createExpressApp(config: SampleAppConfig): Express {
  const { service, passages } = createRagService(config);
  const app = express();
  app.disable('x-powered-by');
  app.use(ragMetrics(config.metrics));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', passages, models: config.models.allowed });
  });

  // Parsed on the route, not app-wide, so a bad body is still counted under route="/ask".
  app.post('/ask', express.json({ limit: '16kb' }), async (req, res) => {
    const input = askInputFromBody(req.body, config.models);
    res.json(await service.ask(input.question, res.locals.rag, { model: input.model }));
  });

  app.get('/ask/stream', async (req, res) => {
    const input = askInputFromQuery(req.query, config.models);
    const abort = new AbortController();
    // Stop paying for tokens nobody will read.
    res.on('close', () => abort.abort());
    const events = await openAnswerStream(service, input, res.locals.rag, abort.signal);
    res.writeHead(200, SSE_HEADERS);
    events.pipe(res);
  });

  // Thumbs up/down on an earlier answer: { rating, route?, model? }; 204, or 400 saying what is wrong.
  app.post('/feedback', express.json({ limit: '1kb' }), ragFeedbackHandler(feedbackOptions()));

  app.use(knownErrors);
  app.use(ragErrorHandler());
  app.use(unexpectedErrors);
  return app;
}

const knownErrors: ErrorRequestHandler = (err, _req, res, next) => {
  const response = errorResponse(err);
  if (!response || res.headersSent) return next(err);
  res.status(response.status).json(response.body);
};

const unexpectedErrors: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) return next(err);
  console.error(err);
  res.status(500).json({ error: 'Internal server error.' });
};
