/** Small builders for the PromQL the rules repeat, so each rule reads as what it checks. */
import { OVERRIDE_LABEL, SERVICE_LABELS } from './config';

/** `environment, job` plus any extra labels, for `by (...)` and `on (...)`. */
export function labels(...extra: string[]): string {
  return [...SERVICE_LABELS, ...extra].join(', ');
}

/** Recording-rule level prefix for the service labels plus extras: `environment_job_route`. */
export function level(...extra: string[]): string {
  return [...SERVICE_LABELS, ...extra].join('_');
}

/** `sum by (environment, job, ...) (rate(metric[window]))`. */
export function sumRate(metric: string, window: string, ...extra: string[]): string {
  return `sum by (${labels(...extra)}) (rate(${metric}[${window}]))`;
}

/** `sum by (environment, job, ...) (increase(metric[window]))`. */
export function sumIncrease(metric: string, window: string, ...extra: string[]): string {
  return `sum by (${labels(...extra)}) (increase(${metric}[${window}]))`;
}

/**
 * `part / whole`, where a missing part (no error, no hit yet) counts as 0 instead of leaving the
 * ratio without data: `(part or whole * 0) / whole`.
 */
export function ratio(part: string, whole: string): string {
  return `(\n  ${part}\n  or ${whole} * 0\n)\n/ ${whole}`;
}

/**
 * The threshold `name` of thresholds.yml for each job `over` has: the job's own value where
 * thresholds.yml has a rule `name` with a `job` label, else the default (the rule without one).
 * A join, not scalar(): scalar() of two series is NaN, and every comparison with NaN is false.
 */
export function thresholdPerJob(
  name: string,
  over: string,
  by: readonly string[] = [OVERRIDE_LABEL],
): string {
  const jobs = `group by (${by.join(', ')}) (${over}) * 0`;
  return [
    '(',
    `    ${jobs} + on (${OVERRIDE_LABEL}) group_left () ${name}{${OVERRIDE_LABEL}!=""}`,
    '  or',
    `    ${jobs} + on () group_left () ${name}{${OVERRIDE_LABEL}=""}`,
    ')',
  ].join('\n');
}

/** `value op threshold`, with the threshold of each value's own job. */
export function compare(value: string, op: '>' | '<' | '>=', name: string): string {
  return `${value}\n${op} on (${OVERRIDE_LABEL}) group_left ()\n${thresholdPerJob(name, value)}`;
}

/** Keeps `value` only where `gate` (same service labels plus extras) has a series. */
export function gated(value: string, gate: string, ...extra: string[]): string {
  return `(\n${value}\n)\nand on (${labels(...extra)})\n(\n${gate}\n)`;
}
