import { expect } from 'chai';
import { Counter, Gauge, Histogram, Registry, type RegistryContentType } from 'prom-client';
import { OPENMETRICS_TEXT, PROMETHEUS_TEXT, renderRegistries } from '../../lib/exposition';
import { CounterFamily, GaugeFamily } from '../../lib/series/counter-family';
import { HistogramCountView, HistogramFamily } from '../../lib/series/histogram-family';
import { LabelGuard } from '../../lib/series/label-guard';
import { bridgeOf, type MetricSource } from '../../lib/series/registry-bridge';
import { Exposition } from '../helpers/scrape';

const config = (name: string, labelNames: string[]) => ({
  name,
  help: `Help of ${name}.`,
  labelNames,
  guards: labelNames.map((label) => new LabelGuard(label, 100, 120)),
  onOverflow: () => {},
});

const EXEMPLAR = { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) };

function openMetricsRegistry(): Registry<RegistryContentType> {
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(OPENMETRICS_TEXT);
  return registry;
}

/** Exemplar timestamps are the time of the observation: the same placeholder in both texts. */
const withoutTimestamps = (text: string) => text.replace(/ \d+(\.\d+)?$/gm, ' <ts>');

describe('bridgeOf(family): a family in a registry through prom-client’s public API', () => {
  it('should be a prom-client Counter for counters and a Gauge otherwise, so registerMetric() takes it as is', () => {
    const counter = bridgeOf(new CounterFamily(config('c_total', [])));
    const histogram = bridgeOf(new HistogramFamily(config('h', []), [1]));
    expect(counter).to.be.instanceOf(Counter);
    expect(bridgeOf(new GaugeFamily(config('g', [])))).to.be.instanceOf(Gauge);
    expect(histogram).to.be.instanceOf(Gauge);
  });

  it('should render counters in OpenMetrics as prom-client does, exemplar included, and keep text intact afterwards', async () => {
    const ours = new CounterFamily(config('tokens_total', ['model']));
    const theirs = new Counter({
      ...config('tokens_total', ['model']),
      enableExemplars: true,
      registers: [],
    });
    ours.get1('gpt-4o').add(12, EXEMPLAR);
    theirs.inc({ labels: { model: 'gpt-4o' }, value: 12, exemplarLabels: EXEMPLAR });
    const [a, b] = [openMetricsRegistry(), openMetricsRegistry()];
    a.registerMetric(bridgeOf(ours));
    b.registerMetric(theirs);
    const expected = await renderRegistries([b], OPENMETRICS_TEXT);
    expect(expected).to.contain('\n# TYPE tokens counter\ntokens_total{model="gpt-4o"} 12 # {');
    expect(withoutTimestamps(await renderRegistries([a], OPENMETRICS_TEXT))).to.equal(
      withoutTimestamps(expected),
    );
    expect(await renderRegistries([a], PROMETHEUS_TEXT)).to.contain(
      '\ntokens_total{model="gpt-4o"} 12\n',
    );
    // The registry's own rendering renames the bridge in place, as it renames its own counters;
    // the family keeps its name.
    expect(withoutTimestamps(await a.metrics())).to.equal(withoutTimestamps(await b.metrics()));
    expect(ours.name).to.equal('tokens_total');
  });

  it('should render histograms with default labels as prom-client renders its own, in both formats', async () => {
    const buckets = [0.1, 1];
    const ours = new HistogramFamily(config('latency_seconds', ['route']), buckets);
    const theirs = new Histogram({
      ...config('latency_seconds', ['route']),
      buckets,
      registers: [],
    });
    ours.get1('/a').observe(0.5);
    theirs.observe({ route: '/a' }, 0.5);
    for (const contentType of [PROMETHEUS_TEXT, OPENMETRICS_TEXT]) {
      const [a, b] = [new Registry<RegistryContentType>(), new Registry<RegistryContentType>()];
      for (const registry of [a, b]) {
        registry.setContentType(contentType);
        registry.setDefaultLabels({ service: 'shop' });
      }
      a.registerMetric(bridgeOf(ours));
      b.registerMetric(theirs);
      const expected = await b.metrics();
      expect(await renderRegistries([a], contentType)).to.equal(expected);
      expect(await a.metrics()).to.equal(expected);
      expect(expected).to.contain('latency_seconds_bucket{le="1",service="shop",route="/a"} 1\n');
    }
  });

  it('should render the same samples through a registry that ignores the sharedLabels hint (fallback)', async () => {
    const family = new HistogramFamily(config('latency_seconds', ['route', 'model']), [0.1, 1]);
    family.get2('/a', 'gpt-4o').observe(0.5);
    family.get2('/b', 'o3').observe(2);
    const hinted = new Registry();
    hinted.registerMetric(bridgeOf(family));
    // What a registry without the hint sees: every sample with its full labels and nothing else.
    const withoutHint: MetricSource = {
      name: family.name,
      help: family.help,
      type: family.type,
      aggregator: family.aggregator,
      get: async () => {
        const data = await family.get();
        return {
          ...data,
          values: data.values.map(({ sharedLabels: _hint, ...sample }) => sample),
        };
      },
      reset: () => {},
    };
    const plain = new Registry();
    plain.registerMetric(bridgeOf(withoutHint));
    const [a, b] = [await hinted.metrics(), await plain.metrics()];
    expect(a).to.contain('latency_seconds_bucket{le="1",route="/a",model="gpt-4o"} 1\n');
    expect(b).to.contain('latency_seconds_bucket{le="1",route="/a",model="gpt-4o"} 1\n');
    for (const labels of [
      { route: '/a', model: 'gpt-4o' },
      { route: '/b', model: 'o3' },
    ]) {
      const reading = new Exposition(a).histogram('latency_seconds', labels);
      expect(reading?.count).to.equal(1);
      expect(reading).to.deep.equal(new Exposition(b).histogram('latency_seconds', labels));
    }
  });

  it('should serialise to the same JSON as the family, with registry default labels added', async () => {
    const family = new HistogramFamily(config('h', ['route']), [1]);
    family.get1('/a').observe(2);
    const registry = new Registry();
    registry.registerMetric(bridgeOf(family));
    expect(await registry.getMetricsAsJSON()).to.deep.equal([await family.get()]);
    registry.setDefaultLabels({ service: 'shop' });
    const [json] = await registry.getMetricsAsJSON();
    expect(json?.values.map((sample) => sample.labels)).to.deep.equal([
      { le: 1, route: '/a', service: 'shop' },
      { le: '+Inf', route: '/a', service: 'shop' },
      { route: '/a', service: 'shop' },
      { route: '/a', service: 'shop' },
    ]);
    // The family's own label objects are shared by every scrape: never written to.
    expect(family.series()[0]?.labels).to.deep.equal({ route: '/a' });
  });

  it("should reset the family on the registry's resetMetrics(), and leave a view's histogram alone", async () => {
    const histogram = new HistogramFamily(config('h', ['route']), [1]);
    const requests = new HistogramCountView('requests_total', 'Requests.', histogram);
    const registry = new Registry();
    registry.registerMetric(bridgeOf(histogram));
    registry.registerMetric(bridgeOf(requests));
    histogram.get1('/a').observe(0.5);
    expect(await registry.metrics()).to.contain('\nrequests_total{route="/a"} 1');
    registry.resetMetrics();
    expect(histogram.get1('/a').count).to.equal(0);
    expect(await registry.metrics()).to.contain('\nrequests_total{route="/a"} 0');
  });

  for (const Base of [Counter, Gauge]) {
    it(`should still render the family if a prom-client release gives ${Base.name} a getForPromString() (feature check)`, async () => {
      // What such a release would do: the registry prefers getForPromString(), which reads the
      // metric's own series, and a bridge has none.
      const prototype = Base.prototype as unknown as Record<string, unknown>;
      prototype.getForPromString = async function (this: { name: string; help: string }) {
        return { name: this.name, help: this.help, type: 'untyped', values: [], aggregator: 'sum' };
      };
      try {
        const family =
          Base === Counter
            ? new CounterFamily(config('c_total', []))
            : new GaugeFamily(config('g', []));
        family.get0().value = 7;
        const registry = new Registry();
        registry.registerMetric(bridgeOf(family));
        expect(await registry.metrics()).to.equal(
          `# HELP ${family.name} Help of ${family.name}.\n# TYPE ${family.name} ${family.type}\n${family.name} 7\n`,
        );
      } finally {
        delete prototype.getForPromString;
      }
    });
  }
});
