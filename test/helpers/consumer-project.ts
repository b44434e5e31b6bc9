import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** The version of `name` this repository tests with (its pinned devDependency). */
export const devVersion = (name: string): string =>
  (require(join(root, 'package.json')) as { devDependencies: Record<string, string> })
    .devDependencies[name] ?? 'latest';

/** Runs a command to completion and returns its standard output; throws with its stderr if it fails. */
export const run = (
  cwd: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): string =>
  execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * What a consumer project installs next to the package: the frameworks and libraries the
 * package-level suites use, at the versions this repository tests with.
 */
const CONSUMER_DEPENDENCIES = [
  'prom-client',
  'express',
  'koa',
  '@koa/router',
  '@koa/bodyparser',
  'express-prom-bundle',
  'typescript',
  '@types/express',
  '@types/koa',
  '@types/node',
  '@langchain/core',
];

let project: string | undefined;

/**
 * A fresh consumer project (`"type": "commonjs"`, as `npm init -y` writes it) with the packed
 * tarball and `CONSUMER_DEPENDENCIES` installed. Packed and installed once per test run, from the
 * local npm cache, and shared by the suites that run against the published form of the package.
 */
export function consumerProject(): string {
  if (project !== undefined) return project;
  if (!existsSync(join(root, 'dist', 'esm', 'express.mjs'))) run(root, 'npm', ['run', 'build']);
  const dir = mkdtempSync(join(tmpdir(), 'rag-metrics-consumer-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const packDir = join(dir, 'pack');
  mkdirSync(packDir);
  run(root, 'npm', ['pack', '--ignore-scripts', '--pack-destination', packDir]);
  const tarball = readdirSync(packDir).find((file) => file.endsWith('.tgz')) as string;
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'commonjs' }),
  );
  run(dir, 'npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    join(packDir, tarball),
    ...CONSUMER_DEPENDENCIES.map((name) => `${name}@${devVersion(name)}`),
  ]);
  project = dir;
  return dir;
}
