import { expect } from 'chai';
import { Counter, Registry, register } from 'prom-client';
import { METRIC_NAMES } from '../../lib/metric-names';
import { createRagMetrics } from '../../lib/rag-metrics';
import type { RagMetricsWarning } from '../../lib/types';
import { Exposition } from '../helpers/scrape';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;

/** An instance on `registry` and the warnings it reports. */
function instance(registry?: Registry) {
  const warnings: RagMetricsWarning[] = [];
  const metrics = createRagMetrics({
    ...options,
    ...(registry === undefined ? {} : { registry }),
    onWarning: (warning) => warnings.push(warning),
  });
  return { metrics, warnings };
}

const served = async (registry: Registry) =>
  new Exposition(await registry.metrics()).value(METRIC_NAMES.requests, {
    method: 'JOB',
    route: 'job',
    status_code: '200',
  });

describe('createRagMetrics({ registry }) twice on the same registry', () => {
  it('should replace the earlier instance’s metrics and warn once, naming the registry', async () => {
    const registry = new Registry();
    const first = instance(registry);
    const second = instance(registry);
    await first.metrics.monitor('job', () => {});
    expect(await served(registry)).to.equal(undefined);
    await second.metrics.monitor('job', () => {});
    expect(await served(registry)).to.equal(1);
    expect(first.warnings).to.deep.equal([]);
    expect(second.warnings).to.deep.equal([
      {
        reason: 'metrics_replaced',
        kind: 'registry',
        message:
          "rag-metrics: another rag-metrics instance's metrics were already in the registry given as `registry`; this instance replaced them, so whatever the earlier instance records is no longer exported. Expected after a dev-server reload; otherwise create one instance with createRagMetrics() and pass it to every ragMetrics() call, or give each instance a registry of its own.",
      },
    ]);
  });

  it('should warn once per registry, however many reloads follow', () => {
    const registry = new Registry();
    instance(registry);
    const counts = [instance(registry), instance(registry), instance(registry)].map(
      ({ warnings }) => warnings.length,
    );
    expect(counts).to.deep.equal([1, 0, 0]);
    expect(instance(new Registry()).warnings).to.deep.equal([]);
  });

  it('should not warn when each instance has a registry of its own (the default)', () => {
    expect([instance(), instance(), instance()].flatMap(({ warnings }) => warnings)).to.deep.equal(
      [],
    );
  });

  it('should not warn when the metric it replaces is not another instance’s', () => {
    const registry = new Registry();
    new Counter({ name: METRIC_NAMES.errors, help: 'The app’s own.', registers: [registry] });
    expect(instance(registry).warnings).to.deep.equal([]);
  });

  it("should name prom-client's default registry when that is the one shared", () => {
    try {
      instance(register);
      const { warnings } = instance(register);
      expect(warnings.map(({ message }) => message.split(';')[0])).to.deep.equal([
        "rag-metrics: another rag-metrics instance's metrics were already in prom-client's default registry (given as `registry`)",
      ]);
    } finally {
      for (const name of Object.values(METRIC_NAMES)) register.removeSingleMetric(name);
    }
  });
});
