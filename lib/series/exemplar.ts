import type { ExemplarLabels } from '../tracing/active-span';

/**
 * The most recent observation of a bucket (or increment of a counter) made inside a traced request,
 * in the shape prom-client prints after ` # ` in OpenMetrics (and never in text 0.0.4).
 */
export interface Exemplar {
  labelSet: ExemplarLabels;
  value: number;
  /** Seconds since the epoch, as OpenMetrics writes timestamps. */
  timestamp: number;
}

/**
 * OpenMetrics keeps one exemplar per bucket and intends the most recent: the slot is overwritten in
 * place, so a series allocates its exemplar once, not once per traced request.
 */
export function updateExemplar(
  slot: Exemplar | undefined,
  labelSet: ExemplarLabels,
  value: number,
): Exemplar {
  const timestamp = Date.now() / 1000;
  if (slot === undefined) return { labelSet, value, timestamp };
  slot.labelSet = labelSet;
  slot.value = value;
  slot.timestamp = timestamp;
  return slot;
}
