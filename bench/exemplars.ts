import { context, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { RagMetrics, RequestOutcome } from '../lib/rag-metrics';
import type { MicroCase } from './micro';

/**
 * The cost of exemplars (issue 17: ≤ 0.3 µs per request with an active span, nothing measurable
 * without). Registers a real Node tracer provider, so it runs after every other micro case: an
 * active context manager must not tax them. The cost of a traced request is the third row minus
 * the first two (entering the span's context is the tracing SDK's cost, not ours).
 */
export function tracedCases(metrics: RagMetrics, outcome: RequestOutcome): MicroCase[] {
  new NodeTracerProvider().register();
  const span = trace.getTracer('rag-metrics-bench').startSpan('request');
  const active = trace.setSpan(context.active(), span);
  const empty = () => 1;
  const request = () => metrics.finishRequest(metrics.startRequest(), outcome);
  return [
    ['tracing on: context.with(span, empty function)', () => context.with(active, empty)],
    ['tracing on: startRequest() + finishRequest() outside any span', request],
    [
      'tracing on: startRequest() + finishRequest() inside an active span (exemplar kept)',
      () => context.with(active, request),
    ],
  ];
}
