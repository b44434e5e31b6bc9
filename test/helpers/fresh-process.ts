import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * Runs `script` in a fresh Node process that loads this package's TypeScript sources (paths are
 * relative to the repository), and returns what it prints as JSON. A fresh process because mocha's
 * own process has long loaded every dependency the tests use.
 */
export function runFresh(script: string): unknown {
  const output = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(output);
}
