/** Quotas per model and minute, like an OpenAI organisation's. */
export interface RateLimitQuota {
  readonly requestsPerMinute: number;
  readonly tokensPerMinute: number;
}

interface Window {
  startedAt: number;
  requests: number;
  tokens: number;
}

const WINDOW_MS = 60_000;

/**
 * Tracks what each model has used in the current one-minute window and renders it as the
 * `x-ratelimit-*` headers OpenAI sends on every answer.
 */
export class RateLimits {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly quota: RateLimitQuota,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request and its estimated tokens from the quota; false when the quota is spent. */
  take(model: string, tokens: number): boolean {
    const window = this.window(model);
    if (
      window.requests >= this.quota.requestsPerMinute ||
      window.tokens + tokens > this.quota.tokensPerMinute
    ) {
      return false;
    }
    window.requests += 1;
    window.tokens += tokens;
    return true;
  }

  headers(model: string): Record<string, string> {
    const window = this.window(model);
    const reset = `${Math.max(0, Math.ceil((window.startedAt + WINDOW_MS - this.now()) / 1000))}s`;
    return {
      'x-ratelimit-limit-requests': String(this.quota.requestsPerMinute),
      'x-ratelimit-limit-tokens': String(this.quota.tokensPerMinute),
      'x-ratelimit-remaining-requests': String(this.quota.requestsPerMinute - window.requests),
      'x-ratelimit-remaining-tokens': String(this.quota.tokensPerMinute - window.tokens),
      'x-ratelimit-reset-requests': reset,
      'x-ratelimit-reset-tokens': reset,
    };
  }

  private window(model: string): Window {
    const now = this.now();
    let window = this.windows.get(model);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      window = { startedAt: now, requests: 0, tokens: 0 };
      this.windows.set(model, window);
    }
    return window;
  }
}
