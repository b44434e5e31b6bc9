import { expect } from 'chai';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CounterFamily, GaugeFamily } from '../../lib/series/counter-family';
import { HistogramFamily } from '../../lib/series/histogram-family';
import { LabelGuard } from '../../lib/series/label-guard';
import { bridgeOf, type MetricSource } from '../../lib/series/registry-bridge';

const config = (name: string, labelNames: string[]) => ({
  name,
  help: `Help of ${name}, with a \\ backslash\nand a newline.`,
  labelNames,
  guards: labelNames.map((label) => new LabelGuard(label, 100, 120)),
  onOverflow: () => {},
});

/** Registers `metric` (a family through its bridge) alone in a fresh registry and renders it. */
async function render(metric: MetricSource | Counter | Gauge | Histogram): Promise<string> {
  const registry = new Registry();
  registry.registerMetric(
    metric instanceof Counter || metric instanceof Gauge || metric instanceof Histogram
      ? metric
      : bridgeOf(metric),
  );
  return registry.metrics();
}

describe('series families', () => {
  it('should render a histogram byte for byte as prom-client does for the same observations', async () => {
    const buckets = [0.1, 0.5, 1, 2];
    const ours = new HistogramFamily(config('latency_seconds', ['route', 'method']), buckets);
    const theirs = new Histogram({
      ...config('latency_seconds', ['route', 'method']),
      buckets,
      registers: [],
    });
    const observations: [string, string, number][] = [
      ['/a', 'GET', 0.05],
      ['/a', 'GET', 0.5],
      ['/a', 'GET', 3],
      ['/b "quoted"', 'POST', 1.5],
      ['/a', 'GET', 2],
    ];
    for (const [route, method, value] of observations) {
      ours.get2(route, method).observe(value);
      theirs.observe({ route, method }, value);
    }
    expect(await render(ours)).to.equal(await render(theirs));
  });

  it('should render counters and gauges byte for byte as prom-client does', async () => {
    const counter = new CounterFamily(config('tokens_total', ['model', 'type']));
    const promCounter = new Counter({
      ...config('tokens_total', ['model', 'type']),
      registers: [],
    });
    counter.get2('gpt-4o', 'input').value += 812;
    counter.get2('gpt-4o', 'output').value += 164.5;
    promCounter.inc({ model: 'gpt-4o', type: 'input' }, 812);
    promCounter.inc({ model: 'gpt-4o', type: 'output' }, 164.5);
    expect(await render(counter)).to.equal(await render(promCounter));

    const gauge = new GaugeFamily(config('active', []));
    const promGauge = new Gauge({ ...config('active', []), registers: [] });
    gauge.get0().value = 3;
    promGauge.set(3);
    expect(await render(gauge)).to.equal(await render(promGauge));
  });

  it('should keep label sets after reset() and zero their values, as prom-client dashboards expect', async () => {
    const histogram = new HistogramFamily(config('h', ['route']), [1]);
    histogram.get1('/a').observe(0.5);
    histogram.reset();
    const text = await render(histogram);
    expect(text).to.include('h_count{route="/a"} 0');
  });
});
