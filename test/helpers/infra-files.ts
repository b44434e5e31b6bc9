import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse, stringify } from 'yaml';

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

/**
 * The shipped rule files, copied into `dir` without their groups' own `interval`, so that every
 * group follows the test server's 1 s evaluation interval (the slow groups of recording.yml run
 * every 1 to 3 minutes in production). Returns the copies' paths.
 */
export function ruleFilesEvaluatedEverySecond(dir: string): string[] {
  return RULE_FILES.map((file) => {
    const content = readYaml<{ groups: { interval?: string }[] }>(file);
    for (const group of content.groups) delete group.interval;
    const copy = join(dir, basename(file));
    writeFileSync(copy, stringify(content));
    return copy;
  });
}
