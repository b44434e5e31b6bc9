import type {
  ModelPrice as CataloguePrice,
  ConditionalPrice,
  PriceCalculation,
} from '@pydantic/genai-prices';
import type { Rate, TokenRates } from './token-rates';

type GenaiPrices = typeof import('@pydantic/genai-prices');

let genaiPrices: GenaiPrices | undefined;

/**
 * The catalogue (@pydantic/genai-prices), loaded the first time a cost is priced, not when the
 * package is imported. Its data takes about 2 MB of heap and 75 ms to load, and an app that records
 * no spend has no use for it; on a small heap it also changes how the garbage collector paces every
 * request (BENCHMARKS.md, issue 14, seventh session). `waitForUpdate()` loads it at startup instead.
 */
function priceCatalogue(): GenaiPrices {
  genaiPrices ??= require('@pydantic/genai-prices') as GenaiPrices;
  return genaiPrices;
}

/** Rates in effect from `from` (epoch ms) on, or each day between two times (seconds of the UTC day). */
export interface ScheduledRates {
  readonly from: number | undefined;
  readonly daily: { readonly start: number; readonly end: number } | undefined;
  readonly rates: TokenRates;
}

/** A model the catalogue (@pydantic/genai-prices) knows, with its prices compiled for plain arithmetic. */
export interface CatalogueModel {
  readonly providerId: string;
  readonly modelId: string;
  /** Its rates, when they do not change with time. */
  readonly rates: TokenRates | undefined;
  /** Otherwise, its rates by date or time of day, in the catalogue's order. */
  readonly schedule: readonly ScheduledRates[];
}

const SECONDS_PER_DAY = 86_400;
const MS_PER_DAY = 86_400_000;

// The catalogue finds some models only when told their provider: its name rules for OpenAI do not
// cover `text-embedding-3-small`, which every RAG app calls. Tried, in order, when the name alone fails.
const FIRST_PARTY_PROVIDERS = ['openai', 'anthropic', 'google', 'mistral'];

/**
 * The catalogue's model for `model`, asking with the `provider` hint first (it settles names several
 * providers serve), then without it, then as a model of each first-party provider, then for a
 * `provider/model` or `models/model` name, the part after the slash. Each search costs about 20 µs:
 * resolve once, then cache.
 */
export function findInCatalogue(model: string, provider?: string): CatalogueModel | undefined {
  let found =
    (provider === undefined ? undefined : search(model, provider)) ?? search(model, undefined);
  for (const firstParty of FIRST_PARTY_PROVIDERS) {
    if (found !== undefined) return found;
    if (firstParty !== provider) found = search(model, firstParty);
  }
  if (found !== undefined) return found;
  const slash = model.lastIndexOf('/');
  if (slash < 0) return undefined;
  return findInCatalogue(model.slice(slash + 1), provider ?? model.slice(0, slash));
}

/**
 * genai-prices' `updatePrices`, which replaces the catalogue's data at run time (docs/pricing.md);
 * loads the catalogue first.
 */
export function updatePrices(factory: Parameters<GenaiPrices['updatePrices']>[0]): void {
  priceCatalogue().updatePrices(factory);
}

/**
 * genai-prices' `waitForUpdate`: settles once the catalogue data last set by `updatePrices` is
 * active. It loads the catalogue, so `await waitForUpdate()` at startup spares the first priced
 * request the 75 ms of loading it.
 */
export function waitForUpdate(): ReturnType<GenaiPrices['waitForUpdate']> {
  return priceCatalogue().waitForUpdate();
}

/**
 * Identifies the catalogue data in use: genai-prices replaces this promise whenever `updatePrices`
 * sets new data, so a change means resolved prices may be stale. The promise settles once the new
 * data is active.
 */
export function catalogueDataVersion(): Promise<unknown> {
  return waitForUpdate();
}

/** The rates of `model` at `nowMs`, choosing among its scheduled prices as `calcPrice` does. */
export function ratesAt(model: CatalogueModel, nowMs: number): TokenRates {
  const { schedule } = model;
  const secondOfDay = (((nowMs % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / 1000;
  for (let i = schedule.length - 1; i >= 0; i--) {
    const entry = schedule[i] as ScheduledRates;
    if (entry.daily !== undefined) {
      const { start, end } = entry.daily;
      const inside =
        end < start
          ? secondOfDay >= start || secondOfDay < end
          : secondOfDay >= start && secondOfDay < end;
      if (inside) return entry.rates;
    } else if (entry.from === undefined || nowMs >= entry.from) {
      return entry.rates;
    }
  }
  return (schedule[0] as ScheduledRates).rates;
}

function search(model: string, providerId: string | undefined): CatalogueModel | undefined {
  try {
    // Empty usage: only the match is wanted. The catalogue throws on data it cannot price.
    const found = priceCatalogue().calcPrice(
      {},
      model,
      providerId === undefined ? undefined : { providerId },
    );
    return found === null ? undefined : compile(found);
  } catch {
    return undefined;
  }
}

function compile(found: PriceCalculation): CatalogueModel {
  const { prices } = found.model;
  const base = { providerId: found.provider.id, modelId: found.model.id };
  if (!Array.isArray(prices)) return { ...base, rates: ratesOf(prices), schedule: [] };
  return { ...base, rates: undefined, schedule: prices.map(scheduled) };
}

function scheduled(price: ConditionalPrice): ScheduledRates {
  const { constraint } = price;
  const rates = ratesOf(price.prices);
  if (constraint === undefined) return { from: undefined, daily: undefined, rates };
  if (constraint.type === 'start_date') {
    return { from: Date.parse(constraint.start_date), daily: undefined, rates };
  }
  const daily = {
    start: secondOfUtcDay(constraint.start_time),
    end: secondOfUtcDay(constraint.end_time),
  };
  return { from: undefined, daily, rates };
}

function ratesOf(price: CataloguePrice): TokenRates {
  const requests = rate(price.requests_kcount);
  return {
    input: rate(price.input_mtok) ?? 0,
    cachedInput: rate(price.cache_read_mtok),
    cacheWrite: rate(price.cache_write_mtok),
    output: rate(price.output_mtok) ?? 0,
    // USD per 1,000 calls.
    perCallUsd: typeof requests === 'number' ? requests / 1000 : 0,
  };
}

function rate(value: CataloguePrice[string]): Rate | undefined {
  if (value === undefined || typeof value === 'number') return value;
  return { base: value.base, tiers: [...value.tiers].sort((a, b) => a.start - b.start) };
}

// `HH:MM:SS[.fff](Z|±HH:MM)`, the catalogue's time-of-day format, as seconds of the UTC day.
const TIME_OF_DAY = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/;

function secondOfUtcDay(time: string): number {
  const parts = TIME_OF_DAY.exec(time);
  if (parts === null) throw new Error(`rag-metrics: price catalogue time of day "${time}"`);
  const [
    ,
    hours,
    minutes,
    seconds,
    fraction = '',
    zone,
    sign,
    offsetHours = '0',
    offsetMinutes = '0',
  ] = parts;
  const local =
    Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(`0${fraction}`);
  const offset =
    zone === 'Z'
      ? 0
      : (sign === '+' ? 1 : -1) * (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60);
  return (local - offset + SECONDS_PER_DAY) % SECONDS_PER_DAY;
}
