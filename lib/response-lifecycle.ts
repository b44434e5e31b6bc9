import type { ServerResponse } from 'node:http';
import type { RequestContext } from './rag-context';

const kContext = Symbol('rag-metrics.context');
const kWrite = Symbol('rag-metrics.write');

interface InstrumentedResponse extends ServerResponse {
  [kContext]?: RequestContext;
  [kWrite]?: ServerResponse['write'];
}

/**
 * Calls `done` exactly once, when the response has finished or the connection closed first;
 * `aborted` is true when the app had not ended the response by then.
 *
 * Since Node 18 every ServerResponse emits 'close' exactly once: just after 'finish' when it
 * completed, or as soon as the connection goes away before that (socket error or client abort).
 * One `once('close')` listener therefore sees every outcome. It replaced on-finished (issue 7), which
 * per request adds four listeners across the response and its socket, a closure each, and an
 * AsyncResource: the single listener costs a fraction of that (numbers in BENCHMARKS.md).
 */
export function whenResponseDone(res: ServerResponse, done: (aborted: boolean) => void): void {
  res.once('close', () => done(!res.writableEnded));
}

/**
 * Attaches the request's context to the response, and marks time to first token at the first body
 * write of a streamed response (one without Content-Length: SSE, piped streams).
 *
 * The previous `write` is kept and always called, and the wrapper stays in place, so compression or
 * any other middleware that wraps `write` before or after this one keeps working.
 */
export function attachContext(res: ServerResponse, rag: RequestContext): void {
  const response = res as InstrumentedResponse;
  response[kContext] = rag;
  response[kWrite] = res.write;
  res.write = writeMarkingFirstToken as ServerResponse['write'];
}

/** The context `attachContext` put on `res`, if any. */
export function contextOf(res: ServerResponse): RequestContext | undefined {
  return (res as InstrumentedResponse)[kContext];
}

function writeMarkingFirstToken(this: InstrumentedResponse, ...args: unknown[]): boolean {
  if (!this.hasHeader('content-length')) this[kContext]?.markFirstToken();
  return (this[kWrite] as (...writeArgs: unknown[]) => boolean).apply(this, args);
}
