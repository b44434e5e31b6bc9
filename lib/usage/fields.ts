/** Small readers for the loosely typed objects LLM clients return. */

/** Tokens of one call on the package's definition: `cachedInput` and `cacheWrite` are parts of `input`. */
export interface DetectedUsage {
  model?: string | undefined;
  /** The price catalogue's provider id, where the shape tells it (a hint: other providers copy shapes). */
  provider?: string | undefined;
  input: number;
  output: number;
  cachedInput: number;
  cacheWrite: number;
}

export type Fields = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null;
}

/** `value[key]` when it is an object. */
export function record(value: unknown, key: string): Fields | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return isRecord(field) ? field : undefined;
}

/** A token count the provider may leave out (or send as `null`): missing counts as 0. */
export function count(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

export function isNumber(value: unknown): value is number {
  return typeof value === 'number';
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
