import type { Vector } from './evaluate';
import type { Readings } from './readings';

/** What the view shows in place of a number it has no data for (no traffic yet, NaN). */
export const NO_DATA = '-';

/** Everything one refresh of the view shows. */
export interface ViewState {
  readonly readings: Readings;
  /** Seconds since the demo's app started. */
  readonly uptimeSeconds: number;
  /** Seconds between the two scrapes the rates come from. */
  readonly windowSeconds: number;
  readonly faults: boolean;
  /** Names of the alerts firing in Prometheus; absent when no Prometheus runs. */
  readonly firing?: readonly string[];
}

const finite = (value: number | undefined): value is number =>
  value !== undefined && Number.isFinite(value);

export const fixed = (digits: number) => (value: number | undefined) =>
  finite(value) ? value.toFixed(digits) : NO_DATA;
export const percent = (value: number | undefined) =>
  finite(value) ? `${(value * 100).toFixed(1)}%` : NO_DATA;
export const seconds = (value: number | undefined) =>
  finite(value) ? `${value.toFixed(2)}s` : NO_DATA;
export const usd = (digits: number) => (value: number | undefined) =>
  finite(value) ? `$${value.toFixed(digits)}` : NO_DATA;

/** The value of an ungrouped headline (`sum(...)`), if it has one. */
export function single(vector: Vector): number | undefined {
  const [only] = vector.values();
  return only?.value;
}

/** The total of a grouped headline's series: the top of the panel's stack. */
export function total(vector: Vector): number | undefined {
  if (vector.size === 0) return undefined;
  let sum = 0;
  for (const { value } of vector.values()) sum += value;
  return sum;
}

/** A grouped headline as `[name, formatted value]` pairs, named by its label values, sorted. */
export function entries(vector: Vector, format: (value: number) => string): [string, string][] {
  return [...vector.values()]
    .map(({ labels, value }): [string, string] => [Object.values(labels).join('/'), format(value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function duration(totalSeconds: number): string {
  const whole = Math.floor(totalSeconds);
  const minutes = Math.floor(whole / 60);
  return minutes > 0 ? `${minutes}m${String(whole % 60).padStart(2, '0')}s` : `${whole}s`;
}
