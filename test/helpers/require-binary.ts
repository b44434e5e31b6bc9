import { spawnSync } from 'node:child_process';

/** One-line install hints for the external tools the infra tests run. */
export const INSTALL_HINTS: Readonly<Record<string, string>> = {
  prometheus: 'apt-get install -y --no-install-recommends prometheus',
  promtool: 'apt-get install -y --no-install-recommends prometheus',
  amtool: 'apt-get install -y --no-install-recommends prometheus-alertmanager',
  'prometheus-alertmanager': 'apt-get install -y --no-install-recommends prometheus-alertmanager',
  'docker-compose': 'apt-get install -y --no-install-recommends docker-compose',
  'victoria-metrics': 'apt-get install -y --no-install-recommends victoria-metrics',
  vmalert: 'apt-get install -y --no-install-recommends victoria-metrics',
};

export function hasBinary(name: string): boolean {
  const probe = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return probe.status === 0;
}

/**
 * Skips the calling test or suite (`this` of a mocha `before`/`it`) when `name` is not on PATH,
 * with a one-line install hint. With CI=true a missing binary fails instead: CI must never
 * report green for checks it did not run.
 */
export function requireBinary(ctx: Mocha.Context, name: string): void {
  if (hasBinary(name)) return;
  const message = `${name} is not on PATH; install it with: ${INSTALL_HINTS[name] ?? `your package manager (${name})`}`;
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: a missing tool fails)`);
  console.warn(`      skipped: ${message}`);
  ctx.skip();
}
