import express from 'express';
import { ragMetrics } from '../../adapters/express';
import type { RagMetricsOptions } from '../../lib/options';
import type { TokenUsage } from '../../lib/types';

/**
 * A service the way a user writes one: each POST /llm-call is one LLM call whose usage the handler
 * records (the JSON body is the `recordTokens` argument); `/metrics` is served by the middleware.
 */
export function llmCallApp(options: RagMetricsOptions = {}) {
  const app = express();
  app.use(ragMetrics({ processMetrics: false, includeDefaultRegistry: false, ...options }));
  app.post('/llm-call', express.json(), (req, res) => {
    res.locals.rag.recordTokens(req.body as TokenUsage);
    res.json({ costUsd: res.locals.rag.summary().costUsd });
  });
  return app;
}
