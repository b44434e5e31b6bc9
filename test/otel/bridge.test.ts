import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { expect } from 'chai';
import request from 'supertest';
import { bridgeToOpenTelemetry, type OpenTelemetryBridge } from '../../adapters/otel';
import { calculateCost } from '../../lib/pricing/calculate-cost';
import { FLAVOURS } from '../fixtures/flavours';
import { ASK_USAGE, PLAIN_RECORD } from '../fixtures/routes';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;

/** A real SDK MeterProvider whose reader exports to memory only when asked. */
function meterSetup() {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const collect = async () => {
    exporter.reset();
    await reader.forceFlush();
    const metrics = exporter.getMetrics().flatMap((resource) => resource.scopeMetrics);
    return metrics.flatMap((scope) => scope.metrics);
  };
  return { meterProvider, collect };
}

type Points = { name: string; points: DataPoint<unknown>[]; boundaries?: number[] }[];

function pointsOf(
  collected: Awaited<ReturnType<ReturnType<typeof meterSetup>['collect']>>,
): Points {
  return collected.map((metric) => ({
    name: metric.descriptor.name,
    points: metric.dataPoints as DataPoint<unknown>[],
  }));
}

for (const flavour of FLAVOURS) {
  describe(`${flavour.name}: bridgeToOpenTelemetry() with @opentelemetry/sdk-metrics`, () => {
    let bridge: OpenTelemetryBridge | undefined;
    afterEach(() => bridge?.close());

    it('should record gen_ai.client.token.usage per token type with the required attributes and spec buckets', async () => {
      const { meterProvider, collect } = meterSetup();
      bridge = bridgeToOpenTelemetry({ meterProvider, env: {} });
      const app = flavour.create(options);
      await request(app).post('/api/ask').expect(200);
      const metrics = await collect();
      const usage = metrics.find((m) => m.descriptor.name === 'gen_ai.client.token.usage');
      expect(usage?.descriptor.unit).to.equal('{token}');
      const points = (usage?.dataPoints ?? []) as DataPoint<Histogram>[];
      const byType = Object.fromEntries(
        points.map((point) => [point.attributes['gen_ai.token.type'], point]),
      );
      expect(Object.keys(byType).sort()).to.deep.equal(['input', 'output']);
      expect(byType.input?.attributes).to.deep.equal({
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.token.type': 'input',
      });
      expect(byType.input?.value.sum).to.equal(ASK_USAGE.input);
      expect(byType.input?.value.count).to.equal(1);
      expect(byType.output?.value.sum).to.equal(ASK_USAGE.output);
      expect(byType.input?.value.buckets.boundaries).to.deep.equal([
        1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
      ]);
      // 1000 tokens fall in (256, 1024].
      expect(byType.input?.value.buckets.counts[5]).to.equal(1);

      const cost = metrics.find((m) => m.descriptor.name === 'rag.cost');
      expect(cost?.dataPoints.map((p) => [p.attributes, p.value])).to.deep.equal([
        [{ 'gen_ai.request.model': 'gpt-4o' }, calculateCost(ASK_USAGE)],
      ]);
      const ttft = metrics.find((m) => m.descriptor.name === 'gen_ai.server.time_to_first_token');
      const ttftPoint = ttft?.dataPoints[0] as DataPoint<Histogram> | undefined;
      expect(ttftPoint?.value.count).to.equal(1);
      expect(ttftPoint?.value.buckets.boundaries).to.deep.equal([
        0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
      ]);
      const duration = metrics.find(
        (m) => m.descriptor.name === 'gen_ai.client.operation.duration',
      );
      const durationPoint = duration?.dataPoints[0] as DataPoint<Histogram> | undefined;
      expect(duration?.descriptor.unit).to.equal('s');
      expect(durationPoint?.value.count).to.equal(1);
      expect(durationPoint?.value.buckets.boundaries[0]).to.equal(0.01);
      expect(durationPoint?.value.buckets.boundaries.at(-1)).to.equal(81.92);
      const cache = metrics.find((m) => m.descriptor.name === 'rag.cache.lookups');
      expect(cache?.dataPoints.map((p) => [p.attributes, p.value])).to.deep.equal([
        [{ 'http.route': '/api/ask', 'rag.cache.result': 'miss' }, 1],
      ]);
      const relevance = metrics.find((m) => m.descriptor.name === 'rag.relevance.score');
      const relevancePoint = relevance?.dataPoints[0] as DataPoint<Histogram> | undefined;
      expect(relevancePoint?.value.sum).to.equal(0.8);
      const requests = metrics.find((m) => m.descriptor.name === 'rag.request.duration');
      const requestPoint = requests?.dataPoints[0] as DataPoint<Histogram> | undefined;
      expect(requestPoint?.attributes).to.deep.equal({
        'http.request.method': 'POST',
        'http.route': '/api/ask',
        'http.response.status_code': 200,
      });
      expect(requestPoint?.value.count).to.equal(1);
    });

    it('should emit gen_ai.provider.name (semconv 1.37.0) with OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental', async () => {
      const { meterProvider, collect } = meterSetup();
      bridge = bridgeToOpenTelemetry({
        meterProvider,
        env: { OTEL_SEMCONV_STABILITY_OPT_IN: 'http,gen_ai_latest_experimental' },
      });
      expect(bridge.semconvVersion).to.equal('1.37.0');
      const app = flavour.create(options);
      await request(app).get('/api/plain').expect(200);
      const usage = pointsOf(await collect()).find((m) => m.name === 'gen_ai.client.token.usage');
      expect(usage?.points.map((p) => p.attributes)).to.deep.equal([
        {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': PLAIN_RECORD.model,
          'gen_ai.token.type': 'input',
        },
        {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': PLAIN_RECORD.model,
          'gen_ai.token.type': 'output',
        },
      ]);
    });

    it('should record nothing more once closed', async () => {
      const { meterProvider, collect } = meterSetup();
      bridge = bridgeToOpenTelemetry({ meterProvider, env: {} });
      bridge.close();
      await request(flavour.create(options)).post('/api/ask').expect(200);
      expect(pointsOf(await collect()).flatMap((m) => m.points)).to.deep.equal([]);
    });
  });
}

describe('bridgeToOpenTelemetry(options)', () => {
  it('should reject a missing meterProvider, naming the option', () => {
    expect(() => bridgeToOpenTelemetry({ meterProvider: {} as never })).to.throw(
      TypeError,
      'rag-metrics: bridgeToOpenTelemetry option "meterProvider" is {}; it must be an OpenTelemetry MeterProvider (new MeterProvider() from @opentelemetry/sdk-metrics).',
    );
  });

  it('should reject an empty provider', () => {
    const { meterProvider } = meterSetup();
    expect(() => bridgeToOpenTelemetry({ meterProvider, provider: '' })).to.throw(
      TypeError,
      'rag-metrics: bridgeToOpenTelemetry option "provider" is ""; it must be a non-empty string.',
    );
  });
});
