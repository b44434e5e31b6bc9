import type { ModelPrice } from '../types';
import { type CatalogueModel, catalogueDataVersion, findInCatalogue, ratesAt } from './catalogue';
import { type CostInput, costOf, ratesOfModelPrice, type TokenRates } from './token-rates';

/** Prices of models the catalogue does not know, USD per 1K tokens (the seed's defaults). */
export const DEFAULT_FALLBACK_PER_1K = { input: 0.003, output: 0.015 } as const;

/** What a model resolved to: fixed rates, or a catalogue model whose rates depend on the time. */
export interface ResolvedPrice {
  readonly rates: TokenRates | undefined;
  readonly scheduled: CatalogueModel | undefined;
  /** Priced at the fallback rate: neither `pricing` nor the catalogue knows the model. */
  readonly fallback: boolean;
}

export interface PriceResolverOptions {
  /** The `pricing` option: USD per 1M tokens, wins over the catalogue. */
  readonly pricing?: Readonly<Record<string, ModelPrice>>;
  /** USD per 1K tokens of models nobody knows. */
  readonly fallbackPer1K?: { readonly input: number; readonly output: number };
  /** Most (provider, model) pairs remembered; model names come from requests and must not grow memory. */
  readonly maxEntries?: number;
  /** Tokens of a call priced at the fallback rate. */
  readonly onFallbackTokens?: (model: string, tokens: number) => void;
  /** A model first priced at the fallback rate (at most `maxEntries` models are reported). */
  readonly onFallbackModel?: (model: string) => void;
}

// A dated snapshot of a `pricing` entry: `house-model-2025-06-01`, `house-model-20250601`, `…@20250601`.
const SNAPSHOT_SUFFIX = /[-@]\d{4}-?\d{2}-?\d{2}$/;
const NO_PROVIDER = '';

/**
 * Prices calls: the `pricing` option, else the catalogue (@pydantic/genai-prices), else the fallback
 * rate. A catalogue search costs about 20 µs, ten times a request's budget, so each distinct
 * (provider, model) is resolved once and remembered; a call then costs plain arithmetic.
 */
export class PriceResolver {
  private readonly resolved = new Map<string, Map<string, ResolvedPrice>>();
  private resolvedCount = 0;
  /** Unset until the first price: reading it loads the catalogue (`priceCatalogue`). */
  private dataVersion: unknown = undefined;
  private readonly overrides: Map<string, ResolvedPrice>;
  private readonly fallback: ResolvedPrice;
  private readonly maxEntries: number;
  private readonly reportedFallbackModels = new Set<string>();

  constructor(private readonly options: PriceResolverOptions = {}) {
    this.overrides = new Map(
      Object.entries(options.pricing ?? {}).map(([model, price]) => [
        model,
        fixed(ratesOfModelPrice(price)),
      ]),
    );
    const per1K = options.fallbackPer1K ?? DEFAULT_FALLBACK_PER_1K;
    this.fallback = {
      ...fixed(ratesOfModelPrice({ input: per1K.input * 1000, output: per1K.output * 1000 })),
      fallback: true,
    };
    this.maxEntries = options.maxEntries ?? 1000;
  }

  /** Cost in USD of one call, `model` defaulting to `usage.model`; counts tokens priced at the fallback rate. */
  costOf(usage: CostInput, model: string = usage.model ?? ''): number {
    const price = this.priceOf(model, usage.provider);
    const rates = price.rates ?? ratesAt(price.scheduled as CatalogueModel, Date.now());
    if (price.fallback) {
      this.options.onFallbackTokens?.(model, (usage.input ?? 0) + (usage.output ?? 0));
    }
    return costOf(rates, usage);
  }

  /** What `model` (called through `provider`, when known) resolves to. */
  priceOf(model: string, provider: string = NO_PROVIDER): ResolvedPrice {
    const version = catalogueDataVersion();
    if (version !== this.dataVersion) {
      // The first price loads the catalogue: nothing was resolved from earlier data.
      if (this.dataVersion === undefined) this.dataVersion = version;
      else this.catalogueChanged(version);
    }
    const known = this.resolved.get(provider)?.get(model);
    if (known !== undefined) return known;
    const price = this.resolve(model, provider);
    if (this.resolvedCount >= this.maxEntries) this.forget();
    let models = this.resolved.get(provider);
    if (models === undefined) this.resolved.set(provider, (models = new Map()));
    models.set(model, price);
    this.resolvedCount++;
    return price;
  }

  private resolve(model: string, provider: string): ResolvedPrice {
    const override =
      this.overrides.get(model) ?? this.overrides.get(model.replace(SNAPSHOT_SUFFIX, ''));
    if (override !== undefined) return override;
    const found = findInCatalogue(model, provider === NO_PROVIDER ? undefined : provider);
    if (found !== undefined) {
      return {
        rates: found.rates,
        scheduled: found.rates === undefined ? found : undefined,
        fallback: false,
      };
    }
    if (
      !this.reportedFallbackModels.has(model) &&
      this.reportedFallbackModels.size < this.maxEntries
    ) {
      this.reportedFallbackModels.add(model);
      this.options.onFallbackModel?.(model);
    }
    return this.fallback;
  }

  /**
   * New catalogue data (genai-prices' `updatePrices`): forget what was resolved now, and again once
   * data still loading is active.
   */
  private catalogueChanged(version: unknown): void {
    this.dataVersion = version;
    this.forget();
    Promise.resolve(version).then(
      () => {
        if (this.dataVersion === version) this.forget();
      },
      () => {
        // genai-prices keeps the previous data and says so itself.
      },
    );
  }

  private forget(): void {
    this.resolved.clear();
    this.resolvedCount = 0;
  }
}

function fixed(rates: TokenRates): ResolvedPrice {
  return { rates, scheduled: undefined, fallback: false };
}
