import type { ServerResponse } from 'node:http';
import { RequestContext } from './rag-context';
import { contextOf } from './response-lifecycle';
import type { RagContext } from './types';

/**
 * The request's `RagContext`, or an error that says what is wrong: a route defined before
 * `ragMetrics()` otherwise reads `undefined` and fails with a bare TypeError (issue 19). `call`
 * names the function as the app wrote it (`ragOf(res)`, `ragOf(ctx)`). `kept` is where the adapter
 * put the context for the app (`res.locals.rag`): once the response is recorded, the response
 * itself no longer leads to it on Express (response-lifecycle.ts), and spend recorded later
 * (a stream read on after the client left) still reaches it from there.
 */
export function ragOfResponse(res: ServerResponse, call: string, kept?: unknown): RagContext {
  const rag = contextOf(res) ?? (kept instanceof RequestContext ? kept : undefined);
  if (rag === undefined) {
    throw new Error(
      `rag-metrics: ${call} found no RagContext: ragMetrics() is not mounted before this route. Call app.use(ragMetrics()) before the routes and routers that record, or remove this request's path from the skip option.`,
    );
  }
  return rag;
}
