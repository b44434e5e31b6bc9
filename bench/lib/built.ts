import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as ExpressAdapter from '../../adapters/express';
import type * as KoaAdapter from '../../adapters/koa';
import type * as Core from '../../lib/index';
import type * as Lifecycle from '../../lib/response-lifecycle';

/**
 * The benchmarks measure the compiled package in `dist/` (what users install: `tsc` output), not the
 * TypeScript sources through tsx, whose esbuild transform turns every import into a getter call and
 * would add its own cost to the hot path. Types still come from the sources, so `npm run typecheck`
 * needs no build. `npm run bench` builds first.
 */
const DIST = join(__dirname, '../../dist');

/**
 * `RAG_BENCH_DIST` points at another build (an earlier commit compiled elsewhere) for before/after
 * comparisons; `server.ts` sets it from an app name such as `koa-ragMetrics@/tmp/old/dist`.
 */
function load<T>(relative: string): T {
  const file = join(process.env.RAG_BENCH_DIST ?? DIST, relative);
  if (!existsSync(file)) throw new Error(`bench: ${file} is missing; run \`npm run build\` first`);
  return require(file) as T;
}

export const built = {
  core: () => load<typeof Core>('lib/index.js'),
  express: () => load<typeof ExpressAdapter>('adapters/express.js'),
  koa: () => load<typeof KoaAdapter>('adapters/koa.js'),
  lifecycle: () => load<typeof Lifecycle>('lib/response-lifecycle.js'),
};
