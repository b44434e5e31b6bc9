import type { HeadersLike, RateLimitKind } from './types';

/** Headers that carry remaining quota, by provider convention, most specific first. */
const REMAINING_HEADERS: readonly (readonly [RateLimitKind, readonly string[]])[] = [
  ['requests', ['x-ratelimit-remaining-requests', 'anthropic-ratelimit-requests-remaining']],
  [
    'tokens',
    [
      'x-ratelimit-remaining-tokens',
      'anthropic-ratelimit-tokens-remaining',
      // Anthropic splits token quota by direction on some tiers; input is what a RAG prompt exhausts.
      'anthropic-ratelimit-input-tokens-remaining',
    ],
  ],
];

export interface RateLimitHeaderReading {
  readonly limit: RateLimitKind;
  /** The header's value: a number, or the raw text when it was not one. */
  readonly remaining: number | string;
}

/**
 * Reads remaining-quota headers from WHATWG `Headers`, a Node headers object, a `Response`, or an
 * SDK's `{ response }` (`.withResponse()`); returns one reading per quota kind found.
 */
export function readRateLimitHeaders(source: HeadersLike | unknown): RateLimitHeaderReading[] {
  const get = headerGetter(source);
  if (get === undefined) return [];
  const readings: RateLimitHeaderReading[] = [];
  for (const [limit, names] of REMAINING_HEADERS) {
    for (const name of names) {
      const raw = get(name);
      if (raw === undefined) continue;
      const trimmed = raw.trim();
      const value = trimmed === '' ? Number.NaN : Number(trimmed);
      readings.push({ limit, remaining: Number.isFinite(value) && value >= 0 ? value : raw });
      break;
    }
  }
  return readings;
}

type Getter = (name: string) => string | undefined;

function headerGetter(source: unknown, depth = 0): Getter | undefined {
  if (typeof source !== 'object' || source === null || depth > 2) return undefined;
  const candidate = source as { get?: unknown; headers?: unknown; response?: unknown };
  if (typeof candidate.get === 'function') {
    const headers = candidate as { get(name: string): unknown };
    return (name) => {
      const value = headers.get(name);
      return typeof value === 'string' ? value : undefined;
    };
  }
  // A Response, or `{ data, response }` from the OpenAI/Anthropic SDKs' `.withResponse()`.
  if (typeof candidate.headers === 'object' && candidate.headers !== null) {
    return headerGetter(candidate.headers, depth + 1);
  }
  if (typeof candidate.response === 'object' && candidate.response !== null) {
    return headerGetter(candidate.response, depth + 1);
  }
  const record = source as Record<string, unknown>;
  return (name) => {
    const value = record[name] ?? findCaseInsensitive(record, name);
    if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
}

function findCaseInsensitive(record: Record<string, unknown>, name: string): unknown {
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === name) return record[key];
  }
  return undefined;
}
