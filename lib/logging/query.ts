import type { ServerResponse } from 'node:http';

const kQuery = Symbol('rag-metrics.query');

interface ResponseWithQuery extends ServerResponse {
  [kQuery]?: string;
}

/**
 * Remembers the user's question for this request's completion line. Kept on the response (which
 * both frameworks expose and the logger already holds) under a Symbol, so nothing else can clash
 * with it. Only strings are kept: anything else is ignored rather than allowed to break a request.
 */
export function rememberQuery(res: ServerResponse, text: unknown): void {
  if (typeof text === 'string') (res as ResponseWithQuery)[kQuery] = text;
}

/** The question remembered for this response, if any. */
export function rememberedQuery(res: ServerResponse): string | undefined {
  return (res as ResponseWithQuery)[kQuery];
}
