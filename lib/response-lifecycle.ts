import { ServerResponse } from 'node:http';
import type { RequestContext } from './rag-context';
import { wrapPrototypeMethod } from './wrap-method';

/**
 * What an adapter keeps about a request it measures: whose request it is, its recorder, and what
 * to do once its response is done. Adapters extend it with their own per-request state (the
 * dispatched route on Express, Koa's context); the recorder holds none of it.
 */
export interface TrackedRequest {
  /** The instance measuring the request: a second `ragMetrics()` of the same one leaves it alone. */
  readonly owner: object;
  readonly rag: RequestContext;
  /** Runs once, when the response is done; cleared before it runs. */
  whenDone: ResponseDoneHandler | undefined;
  /** Where a throw of `whenDone` is reported (counted and warned once), never `uncaughtException`. */
  readonly onFailure: (failure: unknown) => void;
  /** A request another instance tracks on the same response (two instances mounted), if any. */
  previous: TrackedRequest | undefined;
}

/**
 * What a middleware does once a response is done, given the response, its tracked request and
 * whether the client went away before the app ended it. Created once per middleware instance.
 */
export type ResponseDoneHandler<T extends TrackedRequest = TrackedRequest> = (
  res: ServerResponse,
  tracked: T,
  aborted: boolean,
) => void;

/**
 * The fields every adapter's tracked request has, set once when the request starts; each adapter
 * extends it with its own per-request state.
 */
export class BaseTrackedRequest implements TrackedRequest {
  previous: TrackedRequest | undefined = undefined;

  constructor(
    readonly owner: object,
    readonly rag: RequestContext,
    public whenDone: ResponseDoneHandler | undefined,
    readonly onFailure: (failure: unknown) => void,
  ) {}
}

const kTracked = Symbol('rag-metrics.tracked');
const kWrite = Symbol('rag-metrics.write');

interface InstrumentedResponse extends ServerResponse {
  [kTracked]?: TrackedRequest;
  [kWrite]?: ServerResponse['write'];
}

type Write = (this: ServerResponse, ...args: unknown[]) => boolean;

/**
 * The tracked request of each response whose prototype was swapped (Express does
 * `Object.setPrototypeOf` on every request and response). Adding properties to such an object is
 * slow, microseconds per request, so those go in a WeakMap; on a plain ServerResponse (Koa, bare
 * Node) a symbol property is the cheaper of the two (issue 7, BENCHMARKS.md). Nothing a tracked
 * request references may lead back to its response once the response is done: V8's
 * young-generation collections keep a WeakMap's values alive, so such a path would keep every
 * response, and its request, until a full collection (issue 14: 38k instructions per request).
 * For the same reason an entry is deleted once its response is recorded: left until the response
 * is collected, it made every scavenge promote each finished request's tracked request and
 * context to the old generation (BENCHMARKS.md, issue 14). A recorded response's recorder stays
 * reachable through `res.locals.rag` (and `ragOf(res)`).
 */
const trackedResponses = new WeakMap<ServerResponse, TrackedRequest>();
/** Response prototypes (one per Express app) whose `write` notes the start of an event stream. */
const wrappedPrototypes = new WeakSet<object>();
/**
 * The `emit`s installed on frameworks' shared response prototypes (Express's `express.response`,
 * which every app and sub-app of that Express copy inherits from).
 */
const closeNotingEmits = new WeakSet<ServerResponse['emit']>();

/**
 * Runs each tracked request's `whenDone` once, when the response is done: completed, or abandoned
 * by the client first. Since Node 18 every ServerResponse emits 'close' exactly once: on the tick
 * after 'finish' when it completed, or as soon as the connection goes away before that, so 'close'
 * alone sees every outcome, and whether the app had ended the response tells them apart. A
 * function shared by all requests, with the per-request state on the tracked request: no closure,
 * no second listener on 'finish' (issue 7; numbers in BENCHMARKS.md). It runs as the response's
 * 'close' listener, or, where a framework swapped the response's prototype (Express), from the
 * `emit` of the framework's shared prototype, after the listeners (`emitNotesClose`).
 */
function onResponseClose(this: ServerResponse): void {
  const first = trackedOf(this);
  recordTracked(this, first);
  // Kept in the WeakMap, not in the symbol: a response whose prototype was swapped.
  if (first !== undefined && (this as InstrumentedResponse)[kTracked] === undefined) {
    trackedResponses.delete(this);
  }
}

/** Runs the `whenDone` of `first` and of every tracked request before it on the response, once each. */
function recordTracked(res: ServerResponse, first: TrackedRequest | undefined): void {
  if (first === undefined) return;
  const aborted = !res.writableEnded;
  for (
    let tracked: TrackedRequest | undefined = first;
    tracked !== undefined;
    tracked = tracked.previous
  ) {
    const record = tracked.whenDone;
    if (record === undefined) continue;
    tracked.whenDone = undefined;
    try {
      record(res, tracked, aborted);
    } catch (failure) {
      // A throw here would reach `uncaughtException` and take the process down (issue 14, defect 7).
      tracked.onFailure(failure);
    }
  }
}

/** Whether the response's request is tracked and not recorded yet: its record is still to come. */
export function isAwaitingRecord(res: ServerResponse): boolean {
  return trackedOf(res)?.whenDone !== undefined;
}

/**
 * Attaches the tracked request to the response, runs its `whenDone` when the response is done
 * (`onResponseClose`), and notes the first body write of an event stream
 * (`text/event-stream`), the automatic time to first token.
 *
 * The previous `write` is kept and always called, and the wrapper stays in place, so compression or
 * any other middleware that wraps `write` before or after this one keeps working. Where the
 * response has an app's own prototype (Express), the wrapper is installed once on that prototype
 * instead of on every response (issue 7). Node's own prototype is never touched, and a response
 * that already has its own `write` is wrapped per request, so the wrapper always runs.
 */
export function attachTracked(
  res: ServerResponse,
  tracked: TrackedRequest,
  // What the caller's `trackedOf(res)` returned just before: the lookup is not repeated.
  previous: TrackedRequest | undefined = trackedOf(res),
): void {
  if (previous !== undefined) tracked.previous = previous;
  const response = res as InstrumentedResponse;
  const prototype = Object.getPrototypeOf(res) as object | null;
  if (prototype === ServerResponse.prototype || prototype === null) {
    if (previous === undefined) res.on('close', onResponseClose);
    response[kTracked] = tracked;
  } else {
    trackedResponses.set(res, tracked);
    if (previous === undefined && !emitNotesClose(res, prototype)) {
      res.on('close', onResponseClose);
    }
    if (!Object.hasOwn(res, 'write') && wrapPrototypeWrite(prototype)) return;
  }
  // Wrapped already, for the previous instance.
  if (previous !== undefined) return;
  response[kWrite] = res.write;
  res.write = writeNotingStreamStart as ServerResponse['write'];
}

/**
 * The tracked request `attachTracked` put on `res`, if any: looked up where `attachTracked` puts it
 * for a response of that prototype. Reading the symbol of an Express response first would walk its
 * six prototypes to find nothing.
 */
export function trackedOf(res: ServerResponse): TrackedRequest | undefined {
  const prototype = Object.getPrototypeOf(res) as object | null;
  return prototype === ServerResponse.prototype || prototype === null
    ? (res as InstrumentedResponse)[kTracked]
    : trackedResponses.get(res);
}

/**
 * `trackedOf` for a response whose prototype a framework swapped (Express's, as its router passes
 * it): the WeakMap is asked first, and a hit spares reading the prototype, which V8 does in its
 * runtime for such a response.
 */
export function trackedOfSwapped(res: ServerResponse): TrackedRequest | undefined {
  return trackedResponses.get(res) ?? trackedOf(res);
}

/** The recorder of the request `ragMetrics()` measures on `res`, if any. */
export function contextOf(res: ServerResponse): RequestContext | undefined {
  return trackedOf(res)?.rag;
}

const EVENT_STREAM = 'text/event-stream';

function noteStreamStart(res: ServerResponse): void {
  const rag = contextOf(res);
  if (rag === undefined) return;
  const type = res.getHeader('content-type');
  if (typeof type === 'string' && type.startsWith(EVENT_STREAM)) rag.markStreamStart();
}

function writeNotingStreamStart(this: InstrumentedResponse, ...args: unknown[]): boolean {
  noteStreamStart(this);
  return (this[kWrite] as Write).apply(this, args);
}

/**
 * Whether the response's `emit` runs `onResponseClose` after its 'close' listeners: a response whose
 * prototype a framework swapped (Express) inherits `emit` from the framework's shared prototype,
 * which is wrapped once, instead of taking a listener per request. A listener costs each request
 * about as much as the rest of its bookkeeping together (BENCHMARKS.md, issue 14). Any `emit` of the
 * response's own, or of a nearer prototype, gets the listener instead, so nothing depends on what
 * such an `emit` calls.
 */
function emitNotesClose(res: ServerResponse, appPrototype: object): boolean {
  // Asked of the app's prototype, one object per app, and not of the response: Express adds
  // properties to each response after swapping its prototype, which gives every response a hidden
  // class of its own, and each property read on it a trip through V8's runtime (BENCHMARKS.md).
  if (Object.hasOwn(res, 'emit')) return false;
  if (closeNotingEmits.has((appPrototype as ServerResponse).emit)) return true;
  // The app's first request, or an app whose `emit` is not its framework's.
  const shared = sharedPrototypeOf(appPrototype);
  if (shared === undefined) return false;
  const sharedEmit = (shared as { emit?: unknown }).emit as ServerResponse['emit'];
  if (!closeNotingEmits.has(sharedEmit)) wrapPrototypeEmit(shared);
  return closeNotingEmits.has((appPrototype as ServerResponse).emit);
}

/** The prototype just above Node's own `ServerResponse.prototype` in the chain, if there is one. */
function sharedPrototypeOf(appPrototype: object): object | undefined {
  let prototype: object = appPrototype;
  for (;;) {
    const next = Object.getPrototypeOf(prototype) as object | null;
    if (next === null) return undefined;
    if (next === ServerResponse.prototype) return prototype;
    prototype = next;
  }
}

/**
 * Wraps `emit` on a framework's shared response prototype: after the event's listeners (and even
 * if one throws), a 'close' runs `onResponseClose`, as the last listener would. Nothing happens if
 * it cannot be wrapped (a frozen prototype).
 */
function wrapPrototypeEmit(prototype: object): void {
  const emit = wrapPrototypeMethod<ServerResponse['emit']>(
    prototype,
    'emit',
    (previousEmit) =>
      function emit(this: ServerResponse, event: string | symbol): boolean {
        // `apply(this, arguments)` passes every argument on without copying them into an array.
        // biome-ignore lint/complexity/noArguments: see above
        if (event !== 'close') return previousEmit.apply(this, arguments as never);
        try {
          // biome-ignore lint/complexity/noArguments: see above
          return previousEmit.apply(this, arguments as never);
        } finally {
          // A response that runs this `emit` has a swapped prototype: its tracked request, if
          // any, is in the WeakMap, and leaves it once recorded.
          const tracked = trackedResponses.get(this);
          if (tracked !== undefined) {
            recordTracked(this, tracked);
            trackedResponses.delete(this);
          }
        }
      } as ServerResponse['emit'],
  );
  if (emit !== undefined) closeNotingEmits.add(emit);
}

/** Wraps `write` on an app's response prototype once; false if it cannot be (a frozen prototype). */
function wrapPrototypeWrite(prototype: object): boolean {
  if (wrappedPrototypes.has(prototype)) return true;
  const write = wrapPrototypeMethod<Write>(
    prototype,
    'write',
    (previousWrite) =>
      function write(this: ServerResponse, ...args: unknown[]): boolean {
        noteStreamStart(this);
        return previousWrite.apply(this, args);
      },
  );
  if (write === undefined) return false;
  wrappedPrototypes.add(prototype);
  return true;
}
