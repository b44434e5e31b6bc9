/** Small, pure checks shared by option validation and per-request recording. */

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** `JSON.stringify` where it can, so that strings show their quotes and objects their shape. */
export function quote(value: unknown): string {
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  if (typeof value === 'bigint' || typeof value === 'symbol') return String(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // BigInts inside objects, cycles, throwing toJSON: fall back to a form that cannot throw.
    return printable(value);
  }
}

/** `String(value)`, or the `[object Type]` tag for values without a string form (null prototype). */
function printable(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

export function isMetricNamePrefix(value: string): boolean {
  return value === '' || METRIC_NAME.test(value);
}

/** A finite number ≥ 0: tokens, costs, durations. */
export function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Most tokens one LLM call may report. The largest context windows hold a few million tokens; a
 * count past this is a bug or a forged usage object, and priced it could overflow the cost total.
 */
export const MAX_TOKENS_PER_CALL = 10_000_000;

/** A token count of one call: a finite number from 0 to `MAX_TOKENS_PER_CALL`. */
export function isTokenCount(value: unknown): value is number {
  return isNonNegativeNumber(value) && value <= MAX_TOKENS_PER_CALL;
}

/** A score in 0..1. */
export function isUnitScore(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

/** An integer ≥ 0: documents retrieved, items counted. */
export function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** A non-empty string, as every label value given by a caller must be. */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** Levenshtein distance, to suggest the option a typo meant. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(
        Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
