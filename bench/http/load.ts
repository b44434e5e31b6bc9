import autocannon from 'autocannon';

/** What one load round measured. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly requests: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

export interface LoadOptions {
  readonly connections: number;
  readonly durationSeconds: number;
}

/**
 * One bounded autocannon round against a loopback URL. autocannon runs in this (parent) process;
 * the server is a separate process, so the load generator never competes with it inside one event loop.
 */
export async function loadRound(url: string, options: LoadOptions): Promise<LoadResult> {
  if (!url.startsWith('http://127.0.0.1:'))
    throw new Error(`bench loads loopback only, not ${url}`);
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.durationSeconds,
    pipelining: 1,
  });
  return {
    // Total over the measured time: more precise than the per-second mean for sub-second rounds.
    requestsPerSecond: result.requests.total / (result.duration || options.durationSeconds),
    requests: result.requests.total,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
