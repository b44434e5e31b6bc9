import type { RagMetricsWarning } from './types';

/** Reports each kind of problem once: a bad value recorded per request must not flood the logs. */
export class WarnOnce {
  private readonly seen = new Set<string>();

  constructor(
    private readonly onWarning: (warning: RagMetricsWarning) => void = emitProcessWarning,
  ) {}

  warn(warning: RagMetricsWarning): void {
    const key = `${warning.reason}:${warning.kind}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    try {
      this.onWarning(warning);
    } catch {
      // A throwing warning hook must not turn a dropped value into a failed request.
    }
  }
}

function emitProcessWarning(warning: RagMetricsWarning): void {
  process.emitWarning(warning.message, {
    type: 'RagMetricsWarning',
    code: `RAG_METRICS_${warning.reason.toUpperCase()}`,
  });
}
