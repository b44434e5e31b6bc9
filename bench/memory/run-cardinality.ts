import { execFile } from 'node:child_process';
import { join } from 'node:path';

export interface CardinalityResult {
  readonly requests: number;
  readonly warmup: number;
  readonly before: { readonly heapMiB: number; readonly series: number };
  readonly after: { readonly heapMiB: number; readonly series: number };
  readonly seconds: number;
  readonly labelOverflows: number;
}

/** Runs `cardinality.ts` in a fresh process with `--expose-gc`, so the heap holds nothing else. */
export function runCardinality(requests: number): Promise<CardinalityResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(__dirname, 'cardinality.ts'), String(requests)],
      { timeout: 300_000 },
      (err, stdout) => {
        if (err) return reject(err);
        resolve(JSON.parse(stdout.trim()) as CardinalityResult);
      },
    );
  });
}
