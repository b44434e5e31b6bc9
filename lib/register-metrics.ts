import { register as globalRegistry, type Registry } from 'prom-client';
import { bridgeOf, isBridge, type MetricSource } from './series/registry-bridge';
import type { RagMetricsWarning } from './types';

/**
 * Registers a prom-client bridge of each source in `registry`. A metric of the same name already
 * there is replaced, never "already registered": a dev server that reloads the app makes a new
 * instance on the same registry, and the new one must be the one exported. Returns whether a
 * replaced metric was another rag-metrics instance's.
 */
export function registerMetrics(registry: Registry, sources: readonly MetricSource[]): boolean {
  let replacedInstance = false;
  for (const source of sources) {
    const earlier = registry.getSingleMetric(source.name);
    if (earlier !== undefined) {
      if (isBridge(earlier)) replacedInstance = true;
      registry.removeSingleMetric(source.name);
    }
    registry.registerMetric(bridgeOf(source));
  }
  return replacedInstance;
}

/** Registries already warned about: a dev server reloading many times warns once (issue 14, item 11). */
const warned = new WeakSet<Registry>();

/**
 * The warning for an instance whose metrics replaced another instance's in the same registry: the
 * earlier instance keeps recording, but nothing exports it any more. `undefined` once per registry.
 */
export function replacedInstanceWarning(registry: Registry): RagMetricsWarning | undefined {
  if (warned.has(registry)) return undefined;
  warned.add(registry);
  const which =
    registry === globalRegistry
      ? "prom-client's default registry (given as `registry`)"
      : 'the registry given as `registry`';
  return {
    reason: 'metrics_replaced',
    kind: 'registry',
    message: `rag-metrics: another rag-metrics instance's metrics were already in ${which}; this instance replaced them, so whatever the earlier instance records is no longer exported. Expected after a dev-server reload; otherwise create one instance with createRagMetrics() and pass it to every ragMetrics() call, or give each instance a registry of its own.`,
  };
}
