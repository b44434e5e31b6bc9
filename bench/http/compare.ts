import { pinProcess } from '../lib/pin';
import { roundOrders } from '../lib/round-orders';
import { type Interval, medianInterval, type Spread, spread } from '../lib/stats';
import { type ChildServer, startChildServer } from './child-server';
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
  /**
   * Server processes per variant (default 1), each loaded once per round: a variant's round figure
   * is over all of them, so that no process's lasting quirks (JIT and GC decisions taken early)
   * decide the comparison.
   */
  readonly processes?: number;
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
  /** 95 % bootstrap interval of `cpuRatio`'s median: whether the run resolved it (`medianInterval`). */
  readonly cpuRatioInterval?: Interval;
  /** User-mode CPU time per request, microseconds: the server's JavaScript, without the kernel's socket work. */
  readonly userMicrosPerRequest?: Spread;
  /**
   * `cpuRatio` for user-mode CPU time only. The kernel's share of a loopback request (TCP, waking
   * autocannon) depends on how often autocannon sleeps, which changes with the server's speed;
   * middleware adds no system calls, so its cost is all in user time, and against the smaller user
   * time of the baseline it shows as a larger, not a smaller, fraction.
   */
  readonly userCpuRatio?: Spread;
  readonly latencyP99Ms: Spread;
  /**
   * Each round's server CPU per request, microseconds, in round order (round `i` of every variant
   * ran in the same stretch of time): for statistics of one's own, such as paired differences.
   */
  readonly cpuMicrosPerRound?: readonly number[];
  /** Each server process's median CPU per request over the rounds, microseconds (`processes`). */
  readonly cpuMicrosPerProcess?: readonly number[];
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
 * Every variant runs in its own child processes (`processes` of them) for the whole comparison.
 * After a warm-up round each,
 * every round loads each variant once, in the orders of a balanced Latin square (`roundOrders`), so
 * that a slow spell of a noisy machine hits all of them alike; ratios are taken within a round and
 * summarised by their median, min and max. Give a multiple of the square's rows as rounds (the
 * variant count when even, twice it when odd) for a fully balanced run.
 */
export async function runComparison(
  comparison: Comparison,
  options: ComparisonOptions,
): Promise<ComparisonResult> {
  const processes = options.processes ?? 1;
  const started: ChildServer[] = [];
  pinProcess(process.pid, 'load');
  try {
    const servers: ChildServer[][] = [];
    for (const variant of comparison.variants) {
      const replicas: ChildServer[] = [];
      for (let k = 0; k < processes; k++) {
        const server = await startChildServer(variant);
        started.push(server);
        replicas.push(server);
      }
      servers.push(replicas);
    }
    if (options.warmupSeconds > 0) {
      for (const server of started) {
        await loadRound(server.url + comparison.path, {
          ...options,
          durationSeconds: options.warmupSeconds,
        });
      }
    }
    const perVariant: LoadResult[][] = servers.map(() => []);
    const cpuPerRequest: number[][] = servers.map(() => []);
    const userPerRequest: number[][] = servers.map(() => []);
    const perProcess: number[][][] = servers.map((replicas) => replicas.map(() => []));
    const orders = roundOrders(servers.length);
    for (let round = 0; round < options.rounds; round++) {
      // A balanced Latin square: no variant always takes the same place, or always follows the same
      // neighbour, whose garbage or a slow spell would then always fall on it.
      for (const i of orders[round % orders.length] ?? []) {
        const replicas = servers[i] ?? [];
        const results: LoadResult[] = [];
        let cpu = 0;
        let user = 0;
        for (let j = 0; j < replicas.length; j++) {
          // Rotated each round, so that no process always runs first in its variant's turn.
          const k = (j + round) % replicas.length;
          const server = replicas[k] as ChildServer;
          const before = await server.cpuUsage();
          const result = await loadRound(server.url + comparison.path, options);
          const after = await server.cpuUsage();
          const serverUser = after.user - before.user;
          const serverCpu = serverUser + after.system - before.system;
          results.push(result);
          cpu += serverCpu;
          user += serverUser;
          perProcess[i]?.[k]?.push(serverCpu / Math.max(1, result.requests));
          options.onRound?.(server.name, round, result);
        }
        const combined = combineLoads(results);
        const requests = Math.max(1, combined.requests);
        perVariant[i]?.push(combined);
        cpuPerRequest[i]?.push(cpu / requests);
        userPerRequest[i]?.push(user / requests);
      }
    }
    const baseline = perVariant[0] ?? [];
    const baselineCpu = cpuPerRequest[0] ?? [];
    const baselineUser = userPerRequest[0] ?? [];
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
        const user = userPerRequest[i] ?? [];
        const cpuRatios = cpu.map((micros, round) => (baselineCpu[round] ?? NaN) / micros);
        return {
          variant,
          requestsPerSecond: spread(results.map((r) => r.requestsPerSecond)),
          ratio: spread(
            results.map(
              (r, round) => r.requestsPerSecond / (baseline[round]?.requestsPerSecond ?? NaN),
            ),
          ),
          cpuMicrosPerRequest: spread(cpu),
          cpuRatio: spread(cpuRatios),
          cpuRatioInterval: medianInterval(cpuRatios),
          userMicrosPerRequest: spread(user),
          userCpuRatio: spread(user.map((micros, round) => (baselineUser[round] ?? NaN) / micros)),
          latencyP99Ms: spread(results.map((r) => r.latencyP99Ms)),
          cpuMicrosPerRound: cpu,
          cpuMicrosPerProcess: (perProcess[i] ?? []).map((rounds) => spread(rounds).median),
          non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
          errors: results.reduce((sum, r) => sum + r.errors, 0),
        };
      }),
    };
  } finally {
    await Promise.all(started.map((server) => server.stop()));
  }
}

/** One variant's round over its server processes: requests and errors summed, rates and latencies averaged. */
function combineLoads(results: readonly LoadResult[]): LoadResult {
  const mean = (pick: (r: LoadResult) => number) =>
    results.reduce((sum, r) => sum + pick(r), 0) / Math.max(1, results.length);
  return {
    requestsPerSecond: mean((r) => r.requestsPerSecond),
    requests: results.reduce((sum, r) => sum + r.requests, 0),
    latencyP50Ms: mean((r) => r.latencyP50Ms),
    latencyP99Ms: mean((r) => r.latencyP99Ms),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}
