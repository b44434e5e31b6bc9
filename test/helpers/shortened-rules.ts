import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { stringify } from 'yaml';
import { readYaml, ruleFilesEvaluatedEverySecond } from './infra-files';

interface RuleFile {
  groups: { rules: { for?: string; keep_firing_for?: string }[] }[];
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** A Prometheus duration (`5m`, `1h30m`) in milliseconds. */
export function durationMs(duration: string): number {
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) {
    total += Number(amount) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
  }
  return total;
}

/**
 * Rule files (the shipped Prometheus ones, every group at the test's 1 s interval, by default),
 * written to `dir` with every `for` and `keep_firing_for` divided by `factor` (1 s at least).
 * Nothing else changes: expressions, labels and the order of the alerts' `for` stay as shipped,
 * so a test sees pending -> firing in seconds instead of minutes.
 */
export function writeShortenedRules(
  dir: string,
  factor: number,
  files?: readonly string[],
): string[] {
  const shorten = (duration: string) =>
    `${Math.max(1, Math.round(durationMs(duration) / factor / 1000))}s`;
  return (files ?? ruleFilesEvaluatedEverySecond(dir)).map((file) => {
    const rules = readYaml<RuleFile>(file);
    for (const rule of rules.groups.flatMap((g) => g.rules)) {
      if (rule.for) rule.for = shorten(rule.for);
      if (rule.keep_firing_for) rule.keep_firing_for = shorten(rule.keep_firing_for);
    }
    const copy = join(dir, basename(file));
    writeFileSync(copy, stringify(rules));
    return copy;
  });
}
