import { channel } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RagContext } from './types';

/**
 * One finished request, exactly as the metrics recorded it. It is published once per request,
 * right after every metric family has observed it, on the `node:diagnostics_channel` channel
 * {@link REQUEST_RECORDED_CHANNEL} (subscribe with {@link onRequestRecorded}). `ragLogger()` writes
 * its completion line from it; tracing bridges can end their span from it.
 *
 * Recordings a handler makes after this (spend recorded after a client went away) still reach the
 * metrics, and are visible through `rag.summary()` to whoever kept the record, but are not
 * published again.
 */
export interface RequestRecord {
  /** HTTP method label (`GET`, …), or `JOB` for work measured with `monitor()`. */
  readonly method: string;
  /** The `route` label: the template the framework matched, `__unmatched__`, or `monitor()`'s operation. */
  readonly route: string;
  /**
   * The status the client received, as labelled in `status_code` unless `aborted`; for an aborted
   * request, the status the response had when the client went away (usually 200: not yet sent).
   */
  readonly statusCode: number;
  /** The client went away before the response was complete (`status_code="499"` in the metrics). */
  readonly aborted: boolean;
  /** `performance.now()` when the middleware first saw the request. */
  readonly startedAt: number;
  /** Seconds from `startedAt` to the response finishing or the client going away (the observed latency). */
  readonly durationSeconds: number;
  /**
   * The `error_type` the request was counted under in `rag_errors_total`, or `undefined` when it was
   * not counted as an error (a client-visible status below 500, and not aborted).
   */
  readonly errorType: string | undefined;
  /** What the handler recorded; `rag.summary()` gives it as a plain object. */
  readonly rag: RagContext;
  /** Whether the handler recorded anything at all (a health check records nothing). */
  readonly recordedAnything: boolean;
  /** The service identity of the instance that recorded the request (`rag_service_info`). */
  readonly service: { readonly name: string; readonly environment: string };
  /** The Node request, for requests measured by a middleware; `undefined` for `monitor()`. */
  readonly request: IncomingMessage | undefined;
  /** The Node response, for requests measured by a middleware; `undefined` for `monitor()`. */
  readonly response: ServerResponse | undefined;
}

/** Name of the `node:diagnostics_channel` channel every {@link RequestRecord} is published on. */
export const REQUEST_RECORDED_CHANNEL = 'rag-metrics:request-recorded';

/** The channel itself: Node keeps one channel object per name, so every copy of the package shares it. */
export const requestRecorded = channel(REQUEST_RECORDED_CHANNEL);

/** Called once per finished request. A listener that throws does not affect the request or the metrics. */
export type RequestRecordListener = (record: RequestRecord) => void;

/**
 * Subscribes to every request any `ragMetrics()` instance records; returns the function that
 * unsubscribes. The same as `diagnostics_channel.subscribe(REQUEST_RECORDED_CHANNEL, …)`, typed.
 */
export function onRequestRecorded(listener: RequestRecordListener): () => void {
  if (typeof listener !== 'function') {
    throw new TypeError(
      `rag-metrics: onRequestRecorded(listener) needs a function; got ${typeof listener}.`,
    );
  }
  const subscriber = (message: unknown) => {
    try {
      listener(message as RequestRecord);
    } catch (failure) {
      // Node would rethrow it as an uncaught exception on the next tick.
      reportFailure?.(failure);
    }
  };
  requestRecorded.subscribe(subscriber);
  return () => {
    requestRecorded.unsubscribe(subscriber);
  };
}

/** Where a listener's throw is reported while a record is being published (publishing is synchronous). */
let reportFailure: ((failure: unknown) => void) | undefined;

/**
 * Publishes `record` to the subscribers, if any. A throw in a listener subscribed through
 * {@link onRequestRecorded} goes to `onListenerFailure` (the instance counts and warns once).
 */
export function publishRequestRecord(
  record: RequestRecord,
  onListenerFailure: (failure: unknown) => void,
): void {
  if (!requestRecorded.hasSubscribers) return;
  const previous = reportFailure;
  reportFailure = onListenerFailure;
  try {
    requestRecorded.publish(record);
  } finally {
    reportFailure = previous;
  }
}
