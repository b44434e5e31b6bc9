import type { Registry } from 'prom-client';
import { bridgeOf, type MetricSource } from './series/registry-bridge';

/**
 * Registers a prom-client bridge of each source in `registry`. A metric of the same name already
 * there is replaced, never "already registered": a dev server that reloads the app makes a new
 * instance on the same registry, and the new one must be the one exported.
 */
export function registerMetrics(registry: Registry, sources: readonly MetricSource[]): void {
  for (const source of sources) {
    if (registry.getSingleMetric(source.name)) registry.removeSingleMetric(source.name);
    registry.registerMetric(bridgeOf(source));
  }
}
