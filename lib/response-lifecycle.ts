import { ServerResponse } from 'node:http';
import type { RequestContext } from './rag-context';

const kContext = Symbol('rag-metrics.context');
const kWrite = Symbol('rag-metrics.write');

interface InstrumentedResponse extends ServerResponse {
  [kContext]?: RequestContext;
  [kWrite]?: ServerResponse['write'];
}

type Write = (this: ServerResponse, ...args: unknown[]) => boolean;

/**
 * The context of each response whose prototype was swapped (Express does `Object.setPrototypeOf`
 * on every request and response). Adding properties to such an object is slow, microseconds per
 * request, so those contexts go in a WeakMap; on a plain ServerResponse (Koa, bare Node) a symbol
 * property is the cheaper of the two (issue 7, BENCHMARKS.md).
 */
const contexts = new WeakMap<ServerResponse, RequestContext>();
/** Response prototypes (one per Express app) whose `write` marks time to first token. */
const wrappedPrototypes = new WeakSet<object>();

/**
 * What a middleware does once a response is done, given the response, its context and whether the
 * client went away before the app ended it. Created once per middleware instance.
 */
export type ResponseDoneHandler = (
  res: ServerResponse,
  rag: RequestContext,
  aborted: boolean,
) => void;

/**
 * Runs `record` once, when the response is done: completed, or abandoned by the client first.
 * `ragLogger()` then writes its line from the same event (`writeWhenDone`), after the request is
 * recorded, so that the line shows what the metrics recorded.
 *
 * Since Node 18 every ServerResponse emits 'close' exactly once: on the tick after 'finish' when it
 * completed, or as soon as the connection goes away before that (socket error or client abort), so
 * 'close' alone sees every outcome, and whether the app had ended the response tells them apart.
 * One listener, a function shared by all requests, with the per-request state on the context: no
 * closure, no second listener on 'finish' (where Node and Koa already listen, so a third turns the
 * listener list into an array copied on every emit). That replaced on-finished, then a pair of
 * 'finish'/'close' closures (issue 7; numbers in BENCHMARKS.md).
 */
export function recordWhenDone(
  res: ServerResponse,
  rag: RequestContext,
  record: ResponseDoneHandler,
): void {
  rag.whenDone = record;
  res.on('close', onResponseClose);
}

/**
 * Where a request `ragMetrics()` does not measure started: when, and the framework's own context
 * (Koa's `ctx`) its route is read from. A measured request has both on its context instead.
 */
export interface RequestStart {
  readonly startedAt: number;
  readonly source: unknown;
}

/** What `ragLogger()` does once a response is done; `start` when `ragMetrics()` is not measuring it. */
export type LineWriter = (
  res: ServerResponse,
  rag: RequestContext | undefined,
  aborted: boolean,
  start?: RequestStart,
) => void;

/**
 * Runs `write` once, when the response is done: right after the request is recorded if
 * `ragMetrics()` is measuring it (`rag`, the response's context, is given), else from a listener
 * of its own, with where the request started (now) and the response's context if one was attached
 * later (`ragMetrics()` mounted after the logger).
 */
export function writeWhenDone(
  res: ServerResponse,
  rag: RequestContext | undefined,
  write: LineWriter,
  source: unknown,
): void {
  if (rag?.whenDone !== undefined) {
    rag.afterDone = write;
    return;
  }
  const start: RequestStart = { startedAt: performance.now(), source };
  // 'close' comes once; `on` spares the wrapper `once` allocates.
  res.on('close', () => write(res, contextOf(res), !res.writableEnded, start));
}

function onResponseClose(this: ServerResponse): void {
  const rag = contextOf(this);
  const record = rag?.whenDone;
  if (rag === undefined || record === undefined) return;
  rag.whenDone = undefined;
  const after = rag.afterDone;
  rag.afterDone = undefined;
  const aborted = !this.writableEnded;
  try {
    record(this, rag, aborted);
  } finally {
    after?.(this, rag, aborted);
  }
}

/**
 * Attaches the request's context to the response, and marks time to first token at the first body
 * write of a streamed response (one without Content-Length: SSE, piped streams).
 *
 * The previous `write` is kept and always called, and the wrapper stays in place, so compression or
 * any other middleware that wraps `write` before or after this one keeps working.
 *
 * Where the response has an app's own prototype (Express), the wrapper is installed once on that
 * prototype instead of on every response: an own `write` per request is one more property added to
 * an object whose prototype was swapped, which is slow (issue 7). Node's own prototype is never
 * touched, and a response that already has its own `write` (a middleware mounted earlier wrapped it
 * for this request) is wrapped per request as before, so the wrapper always runs.
 */
export function attachContext(res: ServerResponse, rag: RequestContext): void {
  const response = res as InstrumentedResponse;
  const prototype = Object.getPrototypeOf(res) as object | null;
  if (prototype === ServerResponse.prototype || prototype === null) {
    response[kContext] = rag;
  } else {
    contexts.set(res, rag);
    if (!Object.hasOwn(res, 'write') && wrapPrototypeWrite(prototype)) return;
  }
  response[kWrite] = res.write;
  res.write = writeMarkingFirstToken as ServerResponse['write'];
}

/** The context `attachContext` put on `res`, if any. */
export function contextOf(res: ServerResponse): RequestContext | undefined {
  return (res as InstrumentedResponse)[kContext] ?? contexts.get(res);
}

function markFirstTokenOn(res: ServerResponse): void {
  if (!res.hasHeader('content-length')) contextOf(res)?.markFirstToken();
}

function writeMarkingFirstToken(this: InstrumentedResponse, ...args: unknown[]): boolean {
  markFirstTokenOn(this);
  return (this[kWrite] as Write).apply(this, args);
}

/** Wraps `write` on an app's response prototype once; false if it cannot be (a frozen prototype). */
function wrapPrototypeWrite(prototype: object): boolean {
  if (wrappedPrototypes.has(prototype)) return true;
  const previous = (prototype as { write?: unknown }).write;
  if (typeof previous !== 'function' || !Object.isExtensible(prototype)) return false;
  const previousWrite = previous as Write;
  Object.defineProperty(prototype, 'write', {
    configurable: true,
    enumerable: false,
    writable: true,
    value: function write(this: ServerResponse, ...args: unknown[]): boolean {
      markFirstTokenOn(this);
      return previousWrite.apply(this, args);
    },
  });
  wrappedPrototypes.add(prototype);
  return true;
}
