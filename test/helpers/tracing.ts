import type { RequestListener } from 'node:http';
import { context, propagation, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** The ids of a request's span, as the app's traces show them. */
export interface TracedRequest {
  readonly url: string;
  readonly traceId: string;
  readonly spanId: string;
}

/**
 * A real OpenTelemetry Node tracer provider, registered globally as an app's tracing setup does.
 * `traced(app)` runs every request inside an active span, as OTel's HTTP instrumentation does, and
 * lists the requests' span ids in `requests`. `stop()` unregisters everything.
 */
export function startTracing() {
  const provider = new NodeTracerProvider();
  provider.register();
  const tracer = trace.getTracer('rag-metrics-test');
  const requests: TracedRequest[] = [];
  const traced =
    (app: RequestListener): RequestListener =>
    (req, res) => {
      tracer.startActiveSpan(`${req.method} ${req.url}`, (span) => {
        const { traceId, spanId } = span.spanContext();
        requests.push({ url: req.url ?? '', traceId, spanId });
        res.once('close', () => span.end());
        app(req, res);
      });
    };
  const stop = async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  };
  return { tracer, requests, traced, stop };
}
