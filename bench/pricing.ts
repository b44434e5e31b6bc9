/**
 * What pricing costs per `rag.recordTokens()` call, before and after the price catalogue (issue 15):
 *
 *   npm run build && npx tsx bench/pricing.ts --before /tmp/old/dist [--cpu-ms 300] [--rounds 5]
 *
 * `--before` is an earlier commit compiled elsewhere (`git archive <commit> | tar -x -C /tmp/old`,
 * link node_modules, `npx tsc -p tsconfig.build.json`). Rounds alternate the two builds; each cell is
 * the median CPU ns per call (bench/lib/cpu-time.ts). Prints a Markdown table.
 */
import { join } from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import type * as Core from '../lib/index';
import type { RequestContext } from '../lib/rag-context';
import type { RagMetrics } from '../lib/rag-metrics';
import type { TokenUsage } from '../lib/types';
import { built } from './lib/built';
import { cpuNanosPerCall } from './lib/cpu-time';
import { spread } from './lib/stats';

const CASES: readonly (readonly [name: string, usage: TokenUsage])[] = [
  [
    'explicit costUsd (no pricing: the floor)',
    { model: 'gpt-4o-mini', input: 320, output: 40, costUsd: 0.0001 },
  ],
  ['gpt-4o-mini, flat price', { model: 'gpt-4o-mini', input: 320, output: 40 }],
  [
    'gpt-4o-mini with provider hint',
    { model: 'gpt-4o-mini', provider: 'openai', input: 320, output: 40 },
  ],
  [
    'gemini-2.5-pro, cached input (long-context tiers)',
    { model: 'gemini-2.5-pro', input: 3000, cachedInput: 1000, output: 200 },
  ],
  [
    'claude-sonnet-4-6, cache write (prices by date)',
    { model: 'claude-sonnet-4-6', input: 3000, cachedInput: 1000, cacheWrite: 500, output: 200 },
  ],
  ['deepseek-chat (prices by time of day)', { model: 'deepseek-chat', input: 3000, output: 200 }],
  ['unknown model (fallback rate, counted)', { model: 'acme-llm-7b', input: 320, output: 40 }],
];

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

function load(dist: string | undefined): typeof Core {
  if (dist === undefined) return built.core();
  return require(join(dist, 'lib/index.js')) as typeof Core;
}

/** ns per call of `usage` recorded on a context replaced every 1,000 calls (a request's worth). */
function recorder(core: typeof Core, usage: TokenUsage): () => void {
  const metrics: RagMetrics = core.createRagMetrics({
    processMetrics: false,
    includeDefaultRegistry: false,
    onWarning: () => undefined,
  });
  let rag: RequestContext = metrics.startRequest();
  let calls = 0;
  const record = () => {
    if (++calls % 1000 === 0) rag = metrics.startRequest();
    rag.recordTokens(usage);
  };
  for (let i = 0; i < 10_000; i++) record(); // series and resolved prices exist: the steady state
  return record;
}

function main(): void {
  const before = option('--before');
  const cpuMs = Number(option('--cpu-ms') ?? 300);
  const rounds = Number(option('--rounds') ?? 5);
  const builds =
    before === undefined
      ? { after: load(undefined) }
      : { before: load(before), after: load(undefined) };
  const rows = [
    `| recordTokens() call | ${Object.keys(builds).join(' CPU ns | ')} CPU ns | added |`,
    '|---|' +
      Object.keys(builds)
        .map(() => '--:|')
        .join('') +
      '--:|',
  ];
  for (const [name, usage] of CASES) {
    const calls = Object.values(builds).map((core) => recorder(core, usage));
    const samples: number[][] = calls.map(() => []);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? calls.keys() : [...calls.keys()].reverse();
      for (const i of order) samples[i]?.push(cpuNanosPerCall(calls[i] as () => void, cpuMs / 5));
    }
    const medians = samples.map((values) => spread(values).median);
    const added =
      medians.length === 2 ? (medians[1] as number) - (medians[0] as number) : Number.NaN;
    rows.push(
      `| ${name} | ${medians.map((ns) => ns.toFixed(0)).join(' | ')} | ${Number.isNaN(added) ? '—' : `${added >= 0 ? '+' : ''}${added.toFixed(0)}`} |`,
    );
  }
  const usage = { input_tokens: 320, output_tokens: 40 };
  const search = cpuNanosPerCall(
    () => calcPrice(usage, 'gpt-4o-mini', { providerId: 'openai' }),
    cpuMs,
  );
  rows.push(
    '',
    `genai-prices \`calcPrice()\` itself (what one resolution costs): ${search.toFixed(0)} CPU ns per call.`,
  );
  process.stdout.write(`${rows.join('\n')}\n`);
}

main();
