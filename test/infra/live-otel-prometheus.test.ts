import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { expect } from 'chai';
import request from 'supertest';
import { bridgeToOpenTelemetry, type OpenTelemetryBridge } from '../../adapters/otel';
import { FLAVOURS } from '../fixtures/flavours';
import { ASK_USAGE } from '../fixtures/routes';
import {
  type PrometheusServer,
  startPrometheus,
  waitForSeries,
} from '../helpers/prometheus-server';
import { requireBinary } from '../helpers/require-binary';
import { listen } from '../helpers/server';

describe('the OpenTelemetry bridge through @opentelemetry/exporter-prometheus into a real Prometheus', function () {
  this.timeout(180_000);
  let exporterServer: Awaited<ReturnType<typeof listen>> | undefined;
  let prometheus: PrometheusServer | undefined;
  let bridge: OpenTelemetryBridge | undefined;
  let meterProvider: MeterProvider | undefined;

  before(async function () {
    requireBinary(this, 'prometheus');
    // The app's OTel pipeline: a MeterProvider whose reader is the Prometheus exporter, served
    // on a port of its own as the exporter does (here on a free port instead of 9464).
    const exporter = new PrometheusExporter({ preventServerStart: true });
    meterProvider = new MeterProvider({ readers: [exporter] });
    exporterServer = await listen((req, res) => exporter.getMetricsRequestHandler(req, res));
    bridge = bridgeToOpenTelemetry({ meterProvider, env: {} });
    const app = (FLAVOURS[1] ?? FLAVOURS[0])?.create({ processMetrics: false });
    if (app === undefined) throw new Error('no Express flavour');
    await request(app).post('/api/ask').expect(200);
    await request(app).post('/api/ask').expect(200);
    prometheus = await startPrometheus([new URL(exporterServer.url).host], []);
  });

  after(async () => {
    bridge?.close();
    await prometheus?.close();
    await exporterServer?.close();
    await meterProvider?.shutdown();
  });

  it('should deliver gen_ai_* series with the exact token counts', async () => {
    if (prometheus === undefined) throw new Error('Prometheus did not start');
    const input = await waitForSeries(
      prometheus,
      'gen_ai_client_token_usage_sum{job="rag-app",gen_ai_token_type="input"}',
    );
    expect(
      input.map((s) => [s.metric.gen_ai_request_model, s.metric.gen_ai_system, s.value[1]]),
    ).to.deep.equal([['gpt-4o', 'openai', String(2 * ASK_USAGE.input)]]);
    const output = await prometheus.query(
      'gen_ai_client_token_usage_count{job="rag-app",gen_ai_token_type="output"}',
    );
    expect(output.map((s) => s.value[1])).to.deep.equal(['2']);
    const ttft = await prometheus.query('gen_ai_server_time_to_first_token_count{job="rag-app"}');
    expect(ttft.map((s) => s.value[1])).to.deep.equal(['2']);
    const buckets = await prometheus.query(
      'count(gen_ai_client_token_usage_bucket{job="rag-app",gen_ai_token_type="input"})',
    );
    // The 14 boundaries of the conventions, plus +Inf.
    expect(buckets.map((s) => s.value[1])).to.deep.equal(['15']);
  });
});
