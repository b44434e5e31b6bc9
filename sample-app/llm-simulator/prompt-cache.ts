import { createHash } from 'node:crypto';

/**
 * Simulates provider-side prompt caching: a prompt whose leading tokens were seen recently is
 * partly served from cache, reported as `usage.prompt_tokens_details.cached_tokens`.
 *
 * Like OpenAI's, the cached part is a whole number of fixed-size blocks of a shared prefix, and
 * short prompts are never cached. The sizes here are smaller than OpenAI's (1024-token minimum,
 * 128-token blocks) so that the demo's short prompts show cached tokens too.
 */
export class PromptCache {
  private readonly seen = new Map<string, true>();

  constructor(
    private readonly blockTokens = 64,
    private readonly minPromptTokens = 128,
    private readonly maxEntries = 10_000,
  ) {}

  /** Returns how many leading tokens were cached, then remembers this prompt's prefixes. */
  lookup(model: string, tokens: readonly string[]): number {
    if (tokens.length < this.minPromptTokens) return 0;
    let cached = 0;
    const hash = createHash('sha256').update(model);
    for (let end = this.blockTokens; end <= tokens.length; end += this.blockTokens) {
      hash.update(tokens.slice(end - this.blockTokens, end).join('\u0000'));
      const key = hash.copy().digest('base64');
      if (this.seen.has(key) && cached === end - this.blockTokens) cached = end;
      this.remember(key);
    }
    return cached;
  }

  private remember(key: string): void {
    this.seen.delete(key);
    this.seen.set(key, true);
    if (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}
