import { pinProcess } from '../lib/pin';
import { type Spread, spread } from '../lib/stats';
import { startChildServer } from './child-server';
import { type LoadOptions, type LoadResult, loadRound } from './load';

/** Variants loaded in turn, the first being the baseline the others are divided by. */
export interface Comparison {
  readonly name: string;
  readonly path: string;
  readonly variants: readonly string[];
  readonly notes?: readonly string[];
}

export interface ComparisonOptions extends LoadOptions {
  readonly rounds: number;
  readonly warmupSeconds: number;
  /** Called after every round, for progress output. */
  readonly onRound?: (variant: string, round: number, result: LoadResult) => void;
}

export interface VariantResult {
  readonly variant: string;
  readonly requestsPerSecond: Spread;
  /** This variant's req/s over the baseline's in the same round, across rounds. */
  readonly ratio: Spread;
  /** Server CPU time (user + system) per request, microseconds. */
  readonly cpuMicrosPerRequest: Spread;
  /**
   * The baseline's CPU per request over this variant's, in the same round: the throughput ratio of a
   * server that has a core to itself. Far steadier than `ratio` on a shared machine, where other
   * processes take CPU from the server and autocannon at random.
   */
  readonly cpuRatio: Spread;
  readonly latencyP99Ms: Spread;
  readonly non2xx: number;
  readonly errors: number;
}

export interface ComparisonResult {
  readonly name: string;
  readonly baseline: string;
  readonly rounds: number;
  readonly durationSeconds: number;
  readonly connections: number;
  readonly variants: readonly VariantResult[];
  readonly notes: readonly string[];
}

/**
 * Every variant runs in its own child process for the whole comparison. After a warm-up round each,
 * rounds alternate the variants (A B C, A B C, …), so that a slow spell of a noisy machine hits all of
 * them alike; ratios are taken within a round and summarised by their median, min and max.
 */
export async function runComparison(
  comparison: Comparison,
  options: ComparisonOptions,
): Promise<ComparisonResult> {
  const servers = [];
  pinProcess(process.pid, 'load');
  try {
    for (const variant of comparison.variants) servers.push(await startChildServer(variant));
    if (options.warmupSeconds > 0) {
      for (const server of servers) {
        await loadRound(server.url + comparison.path, {
          ...options,
          durationSeconds: options.warmupSeconds,
        });
      }
    }
    const perVariant: LoadResult[][] = servers.map(() => []);
    const cpuPerRequest: number[][] = servers.map(() => []);
    const inOrder = [...servers.entries()];
    const reversed = [...inOrder].reverse();
    for (let round = 0; round < options.rounds; round++) {
      // Every other round in reverse (A B C, C B A, …): a variant is not always measured right
      // after the same neighbour, whose garbage or a slow spell would then always fall on it.
      for (const [i, server] of round % 2 === 0 ? inOrder : reversed) {
        const cpuBefore = await server.cpuMicros();
        const result = await loadRound(server.url + comparison.path, options);
        const cpu = (await server.cpuMicros()) - cpuBefore;
        perVariant[i]?.push(result);
        cpuPerRequest[i]?.push(cpu / Math.max(1, result.requests));
        options.onRound?.(server.name, round, result);
      }
    }
    const baseline = perVariant[0] ?? [];
    const baselineCpu = cpuPerRequest[0] ?? [];
    return {
      name: comparison.name,
      baseline: comparison.variants[0] ?? '',
      rounds: options.rounds,
      durationSeconds: options.durationSeconds,
      connections: options.connections,
      notes: comparison.notes ?? [],
      variants: comparison.variants.map((variant, i) => {
        const results = perVariant[i] ?? [];
        const cpu = cpuPerRequest[i] ?? [];
        return {
          variant,
          requestsPerSecond: spread(results.map((r) => r.requestsPerSecond)),
          ratio: spread(
            results.map(
              (r, round) => r.requestsPerSecond / (baseline[round]?.requestsPerSecond ?? NaN),
            ),
          ),
          cpuMicrosPerRequest: spread(cpu),
          cpuRatio: spread(cpu.map((micros, round) => (baselineCpu[round] ?? NaN) / micros)),
          latencyP99Ms: spread(results.map((r) => r.latencyP99Ms)),
          non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
          errors: results.reduce((sum, r) => sum + r.errors, 0),
        };
      }),
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}
