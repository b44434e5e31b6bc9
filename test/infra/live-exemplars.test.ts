import type { RequestListener } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { context, propagation, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { expect } from 'chai';
import express from 'express';
import { ragMetrics } from 'rag-metrics/express';
import {
  type PrometheusServer,
  startPrometheus,
  waitForSeries,
} from '../helpers/prometheus-server';
import { requireBinary } from '../helpers/require-binary';
import { listen } from '../helpers/server';

interface ReportedSpan {
  readonly ms: number;
  readonly traceId: string;
  readonly spanId: string;
}

interface StoredExemplar {
  readonly labels: { trace_id: string; span_id: string };
  readonly value: string;
}

/**
 * An app as a traced service is written: every request runs inside an active span (as OTel's HTTP
 * instrumentation would start it), and `/answer?ms=` answers after that many milliseconds. The
 * app reports each request's trace and span ids, as its traces would show them.
 */
function createTracedApp(reported: ReportedSpan[]): RequestListener {
  const tracer = trace.getTracer('live-exemplar-test');
  const app = express();
  app.use((req, res, next) => {
    tracer.startActiveSpan(`${req.method} ${req.path}`, (span) => {
      res.once('close', () => span.end());
      next();
    });
  });
  app.use(ragMetrics({ processMetrics: false, onWarning: () => undefined }));
  app.get('/answer', async (req, res) => {
    const ms = Number(req.query.ms);
    const { traceId, spanId } = trace.getActiveSpan()?.spanContext() ?? {};
    reported.push({ ms, traceId: String(traceId), spanId: String(spanId) });
    await sleep(ms);
    res.json({ ok: true });
  });
  return app;
}

describe('exemplars in a real Prometheus (exemplar storage on)', function () {
  this.timeout(180_000);
  const reported: ReportedSpan[] = [];
  let provider: NodeTracerProvider | undefined;
  let app: Awaited<ReturnType<typeof listen>> | undefined;
  let prometheus: PrometheusServer | undefined;

  before(async function () {
    requireBinary(this, 'prometheus');
    provider = new NodeTracerProvider();
    provider.register();
    app = await listen(createTracedApp(reported));
    prometheus = await startPrometheus([new URL(app.url).host], [], {
      flags: ['--enable-feature=exemplar-storage'],
    });
    // Fast requests first, then one slow request in each of three buckets (0.25-0.5, 0.5-1, 1-2 s),
    // a scrape apart, so each is the most recent exemplar of its bucket when Prometheus looks.
    for (const ms of [5, 5, 5, 5, 300, 700, 1400]) {
      await fetch(`${app.url}/answer?ms=${ms}`).then((res) => res.text());
      if (ms > 5) await sleep(1500);
    }
    await waitForSeries(
      prometheus,
      'sum(rag_requests_total{job="rag-app",route="/answer"})',
      (samples) => samples[0]?.value[1] === '7',
    );
  });

  after(async () => {
    await prometheus?.close();
    await app?.close();
    await provider?.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('should return the trace ids of the slowest requests from /api/v1/query_exemplars', async () => {
    const url = new URL(`${prometheus?.url}/api/v1/query_exemplars`);
    url.searchParams.set(
      'query',
      'rag_request_duration_seconds_bucket{job="rag-app",route="/answer"}',
    );
    url.searchParams.set('start', String(Date.now() / 1000 - 600));
    url.searchParams.set('end', String(Date.now() / 1000 + 60));
    const body = (await (await fetch(url)).json()) as {
      status: string;
      data: { seriesLabels: Record<string, string>; exemplars: StoredExemplar[] }[];
    };
    expect(body.status).to.equal('success');
    const exemplars = body.data.flatMap((series) => series.exemplars);
    const slowest = exemplars.filter((exemplar) => Number(exemplar.value) >= 0.25);
    const slowSpans = reported.filter((span) => span.ms >= 300);
    expect(slowSpans).to.have.length(3);
    expect(slowest.map((e) => e.labels.trace_id).sort()).to.deep.equal(
      slowSpans.map((span) => span.traceId).sort(),
    );
    for (const exemplar of slowest) {
      const span = slowSpans.find((s) => s.traceId === exemplar.labels.trace_id);
      expect(exemplar.labels.span_id).to.equal(span?.spanId);
      // The exemplar's value is the request's duration, which the sleep bounds from below.
      expect(Number(exemplar.value)).to.be.at.least((span?.ms ?? 0) / 1000);
    }
    const fastIds = reported.filter((span) => span.ms === 5).map((span) => span.traceId);
    const fastest = exemplars.filter((exemplar) => Number(exemplar.value) < 0.25);
    expect(fastest.length).to.be.greaterThan(0);
    for (const exemplar of fastest) expect(fastIds).to.include(exemplar.labels.trace_id);
  });
});
