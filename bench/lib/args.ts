/** Command-line options of `bench/run.ts`. */
export interface BenchArgs {
  readonly quick: boolean;
  readonly rounds: number;
  readonly durationSeconds: number;
  readonly connections: number;
  /**
   * Server processes per HTTP variant. One process's CPU per request differs from another's of the
   * same app by several per cent for its whole life (JIT and GC decisions taken early), so a
   * comparison of one process per variant measures those processes, not the builds.
   */
  readonly processes: number;
  /** Suites to run: http, micro, render, memory. */
  readonly suites: readonly string[];
  /** HTTP comparisons to run, by name; all when empty. */
  readonly comparisons: readonly string[];
  /** HTTP variants to keep within those comparisons (the baseline is always kept); all when empty. */
  readonly variants: readonly string[];
  /** Series counts of the render suite. */
  readonly renderSeries: readonly number[];
  readonly memoryRequests: number;
  /**
   * An extra comparison given on the command line: its path and variants, the first the baseline.
   * A variant `app@/some/dist` serves `app` with the package built at that path (before/after runs).
   */
  readonly custom: { readonly path: string; readonly variants: readonly string[] } | undefined;
  /** Where the JSON result goes. */
  readonly out: string;
}

export const SUITES = ['http', 'adapter', 'micro', 'render', 'memory'];

const USAGE = `usage: tsx bench/run.ts [--quick] [--rounds N] [--duration S] [--connections N] [--processes N]
  [--suites http,adapter,micro,render,memory] [--comparisons express-hello,koa-hello,rag-route]
  [--variants NAME,...] [--render-series 1000,10000,100000] [--memory-requests N] [--out FILE]
  [--custom-path /hello --custom-variants express-bare,express-ragMetrics@/old/dist,express-ragMetrics]`;

/** Full run by default; `--quick` is 2 rounds of 1 s and smaller render and memory runs. */
export function parseArgs(argv: readonly string[]): BenchArgs {
  if (argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n${USAGE}`);
    if (arg === '--quick') flags.set('quick', 'true');
    else flags.set(arg.slice(2), argv[++i] ?? '');
  }
  const quick = flags.get('quick') === 'true';
  const list = (name: string, fallback: readonly string[]) =>
    flags.has(name) ? (flags.get(name) ?? '').split(',').filter(Boolean) : fallback;
  const number = (name: string, fallback: number) => {
    const value = Number(flags.get(name) ?? fallback);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`--${name} must be a positive number\n${USAGE}`);
    return value;
  };
  const suites = list('suites', SUITES);
  for (const suite of suites) {
    if (!SUITES.includes(suite)) throw new Error(`unknown suite ${suite}\n${USAGE}`);
  }
  return {
    quick,
    rounds: number('rounds', quick ? 2 : 5),
    durationSeconds: number('duration', quick ? 1 : 3),
    connections: number('connections', 50),
    processes: number('processes', 1),
    suites,
    comparisons: list('comparisons', []),
    variants: list('variants', []),
    renderSeries: list('render-series', quick ? ['1000'] : ['1000', '10000', '100000']).map(Number),
    memoryRequests: number('memory-requests', quick ? 100_000 : 1_000_000),
    out: flags.get('out') ?? 'bench/results/latest.json',
    custom: flags.has('custom-variants')
      ? { path: flags.get('custom-path') ?? '/hello', variants: list('custom-variants', []) }
      : undefined,
  };
}
