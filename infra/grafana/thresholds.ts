import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** infra/prometheus/rules/thresholds.yml: the one place alert thresholds are set. */
export const THRESHOLDS_FILE = join(__dirname, '..', 'prometheus', 'rules', 'thresholds.yml');

interface RuleFile {
  groups: { rules: { record?: string; expr: string; labels?: Record<string, string> }[] }[];
}

/**
 * The default thresholds of thresholds.yml by record name (`rag:threshold:error_ratio` → 0.05),
 * so that dashboard colours change with the alerts instead of drifting from them.
 */
export function readThresholds(file = THRESHOLDS_FILE): Map<string, number> {
  const rules = (parse(readFileSync(file, 'utf8')) as RuleFile).groups.flatMap((g) => g.rules);
  const values = new Map<string, number>();
  for (const rule of rules) {
    const constant = /^vector\(([0-9.eE+-]+)\)$/.exec(rule.expr.trim());
    // A rule with labels is one job's override; the dashboard shows the defaults.
    if (rule.record && !rule.labels && constant?.[1]) values.set(rule.record, Number(constant[1]));
  }
  return values;
}

/** One threshold by name; throws when thresholds.yml no longer defines it. */
export function threshold(values: ReadonlyMap<string, number>, name: string): number {
  const value = values.get(name);
  if (value === undefined) {
    throw new Error(`${THRESHOLDS_FILE} defines no constant ${JSON.stringify(name)}.`);
  }
  return value;
}
