import { parse, stringify } from 'yaml';

/** A Prometheus duration such as `5m`, `1h30m` or `250ms`. */
const DURATION = '(?:\\d+(?:ms|[smhdwy]))+';
const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

export function durationMs(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|[smhdwy])/g)) {
    total += Number(amount) * (UNIT_MS[unit as string] ?? Number.NaN);
  }
  return total;
}

/** `duration` divided by `factor`, in milliseconds (at least 1 ms), which Prometheus and Alertmanager both read. */
export function shorten(duration: string, factor: number): string {
  return `${Math.max(1, Math.round(durationMs(duration) / factor))}ms`;
}

/** Every range (`[5m]`, `[1h:1m]`) and `offset` of a PromQL expression shortened by `factor`. */
export function shortenExpr(expr: string, factor: number): string {
  return expr
    .replace(
      new RegExp(`\\[(${DURATION})(?:(:)(${DURATION})?)?\\]`, 'g'),
      (_all, range: string, colon = '', step?: string) =>
        `[${shorten(range, factor)}${colon}${step ? shorten(step, factor) : ''}]`,
    )
    .replace(
      new RegExp(`\\boffset(\\s+)(-?)(${DURATION})`, 'g'),
      (_all, space: string, sign: string, offset: string) =>
        `offset${space}${sign}${shorten(offset, factor)}`,
    );
}

interface RuleFile {
  groups: {
    interval?: string;
    rules: { expr: string; for?: string; keep_firing_for?: string }[];
  }[];
}

/**
 * A rule file with time compressed by `factor`: every window, offset, `for:` and group interval
 * divided, so that an alert meant to fire after 5 minutes of errors over 5 minutes fires after
 * 30 seconds of errors over 30 seconds at a factor of 10. The expressions and thresholds stay the
 * shipped ones.
 */
export function shortenRuleFile(text: string, factor: number): string {
  const file = parse(text) as RuleFile;
  for (const group of file.groups) {
    if (group.interval) group.interval = shorten(group.interval, factor);
    for (const rule of group.rules) {
      rule.expr = shortenExpr(rule.expr, factor);
      if (rule.for) rule.for = shorten(rule.for, factor);
      if (rule.keep_firing_for) rule.keep_firing_for = shorten(rule.keep_firing_for, factor);
    }
  }
  return stringify(file);
}

interface RouteTimes {
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  routes?: RouteTimes[];
}

interface AlertmanagerFile {
  global?: { resolve_timeout?: string };
  route: RouteTimes;
  receivers: { name: string; webhook_configs?: { url: string }[] }[];
}

/**
 * The shipped Alertmanager config with its waits and intervals divided by `factor` and every
 * webhook pointed at `receiverUrl(receiverName)`: the same routes, grouping and inhibitions.
 */
export function demoAlertmanagerConfig(
  text: string,
  factor: number,
  receiverUrl: (receiver: string) => string,
): string {
  const config = parse(text) as AlertmanagerFile;
  if (config.global?.resolve_timeout) {
    config.global.resolve_timeout = shorten(config.global.resolve_timeout, factor);
  }
  const scaleRoute = (route: RouteTimes) => {
    for (const key of ['group_wait', 'group_interval', 'repeat_interval'] as const) {
      const value = route[key];
      if (value) route[key] = shorten(value, factor);
    }
    for (const child of route.routes ?? []) scaleRoute(child);
  };
  scaleRoute(config.route);
  for (const receiver of config.receivers) {
    for (const webhook of receiver.webhook_configs ?? []) webhook.url = receiverUrl(receiver.name);
  }
  return stringify(config);
}
