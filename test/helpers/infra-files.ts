import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export const INFRA = join(__dirname, '..', '..', 'infra');
export const PROMETHEUS_DIR = join(INFRA, 'prometheus');
export const RULE_FILES = ['thresholds.yml', 'recording.yml', 'alerts.yml'].map((f) =>
  join(PROMETHEUS_DIR, 'rules', f),
);
export const RULE_TEST_DIR = join(PROMETHEUS_DIR, 'tests');

export interface Rule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export function readYaml<T>(file: string): T {
  return parse(readFileSync(file, 'utf8')) as T;
}

/** Every rule of every file Prometheus loads, in file order. */
export function allRules(): Rule[] {
  return RULE_FILES.flatMap((file) =>
    readYaml<{ groups: { rules: Rule[] }[] }>(file).groups.flatMap((group) => group.rules),
  );
}

export const recordingRules = (): Rule[] => allRules().filter((rule) => rule.record);
export const alertingRules = (): Rule[] => allRules().filter((rule) => rule.alert);

/** Runs `use` with a fresh temporary folder, removed afterwards whatever happens. */
export function withTempDir<T>(prefix: string, use: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
