/** Labels of an exemplar: `{ trace_id, span_id }` of a span, or `{ request_id }`. */
export type ExemplarLabels = Readonly<Record<string, string>>;

/** Returns the exemplar labels of the span active where it is called, if there is one. */
export type SpanReader = () => ExemplarLabels | undefined;

/** The parts of `@opentelemetry/api` read here, stable since its 1.0. */
interface SpanContextLike {
  readonly traceId: string;
  readonly spanId: string;
}
interface TraceApi {
  readonly trace: { getActiveSpan(): { spanContext(): SpanContextLike } | undefined };
  readonly INVALID_TRACEID: string;
}

/**
 * `@opentelemetry/api` is an optional peer: loaded once, when an instance is created, and only if
 * the app has it installed. Without it the reader is `undefined` and the hot path does nothing at all.
 * With it, and no SDK registered, `getActiveSpan()` returns `undefined` (the API's no-op context).
 */
export function createSpanReader(
  load: () => unknown = () => require('@opentelemetry/api'),
): SpanReader | undefined {
  let api: TraceApi;
  try {
    api = load() as TraceApi;
  } catch {
    return undefined;
  }
  const { trace, INVALID_TRACEID } = api;
  return function readActiveSpan() {
    const span = trace.getActiveSpan();
    if (span === undefined) return undefined;
    const spanContext = span.spanContext();
    // The API's non-recording span has the all-zero trace id, which leads nowhere. Other ids are
    // checked by whoever made them (the SDK, a propagator); `isSpanContextValid`'s two regular
    // expressions would cost about a third of the exemplar budget per request.
    if (spanContext.traceId === INVALID_TRACEID) return undefined;
    return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
  };
}
