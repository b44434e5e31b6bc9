/** How a simulated model behaves: which snapshot it reports, how fast and how wordy it is. */
export interface ModelProfile {
  /** Dated snapshot reported in responses, as the real API does for an alias. */
  readonly snapshot: string;
  /** Median time to first token, milliseconds (before the latency scale). */
  readonly timeToFirstTokenMs: number;
  readonly tokensPerSecond: number;
  /** Most context passages one answer quotes. */
  readonly maxQuotedPassages: number;
}

export const MODEL_PROFILES: Readonly<Record<string, ModelProfile>> = {
  'gpt-4o-mini': {
    snapshot: 'gpt-4o-mini-2024-07-18',
    timeToFirstTokenMs: 350,
    tokensPerSecond: 90,
    maxQuotedPassages: 2,
  },
  'gpt-4o': {
    snapshot: 'gpt-4o-2024-08-06',
    timeToFirstTokenMs: 600,
    tokensPerSecond: 55,
    maxQuotedPassages: 3,
  },
  'gpt-4.1-mini': {
    snapshot: 'gpt-4.1-mini-2025-04-14',
    timeToFirstTokenMs: 400,
    tokensPerSecond: 80,
    maxQuotedPassages: 2,
  },
  'gpt-4.1-nano': {
    snapshot: 'gpt-4.1-nano-2025-04-14',
    timeToFirstTokenMs: 250,
    tokensPerSecond: 120,
    maxQuotedPassages: 1,
  },
};

/** Finds a model by alias or by its snapshot name. */
export function findModel(name: string): ModelProfile | undefined {
  const byAlias = MODEL_PROFILES[name];
  if (byAlias) return byAlias;
  return Object.values(MODEL_PROFILES).find((profile) => profile.snapshot === name);
}
