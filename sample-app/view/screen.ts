import {
  duration,
  entries,
  fixed,
  NO_DATA,
  percent,
  seconds,
  single,
  total,
  usd,
  type ViewState,
} from './format';

function row(label: string, text: string): string {
  return `${label.padEnd(18)}${text}`;
}

function list(pairs: [string, string][]): string {
  return pairs.length > 0 ? pairs.map(([name, value]) => `${name} ${value}`).join('   ') : NO_DATA;
}

/** Tokens/s as one row per model: `gpt-4o-mini   input 812.0   output 95.0`. */
function tokenRows(state: ViewState): string[] {
  const byModel = new Map<string, string[]>();
  for (const [name, value] of entries(state.readings.tokenRate, fixed(1))) {
    const [model = '', type = ''] = name.split('/');
    byModel.set(model, [...(byModel.get(model) ?? []), `${type} ${value}`]);
  }
  if (byModel.size === 0) return [row('Tokens/s', NO_DATA)];
  return [...byModel].map(([model, types], i) =>
    row(i === 0 ? 'Tokens/s' : '', `${model.padEnd(26)}${types.join('   ')}`),
  );
}

/**
 * The TTY screen: the dashboard's headline numbers, the alerts firing, and the last
 * notifications the demo's receiver got.
 */
export function screen(state: ViewState, notifications: readonly string[]): string[] {
  const r = state.readings;
  const lines = [
    `rag-metrics demo   up ${duration(state.uptimeSeconds)}   rates over the last ${state.windowSeconds.toFixed(1)} s   faults ${state.faults ? 'ON' : 'off'}`,
    'f: faults on/off   q or Ctrl-C: stop everything',
    '',
    row(
      'Requests',
      `${fixed(2)(single(r.requestRate))} req/s   errors ${percent(single(r.errorRatio))}`,
    ),
    row('Latency', `p50 ${seconds(single(r.latencyP50))}   p95 ${seconds(single(r.latencyP95))}`),
    row('First token p95', list(entries(r.firstTokenP95, seconds))),
    ...tokenRows(state),
    row(
      'Spend',
      `${usd(4)(total(r.spendPerHour))}/h now   ${usd(4)(single(r.totalSpend))} in total`,
    ),
    row('Cache hits', list(entries(r.cacheHitRatio, percent))),
    row('Mean relevance', list(entries(r.relevance, fixed(2)))),
    row('Empty retrievals', list(entries(r.emptyRetrievalRatio, percent))),
    row('Positive feedback', list(entries(r.positiveFeedbackRatio, percent))),
    row(
      'Alerts firing',
      state.firing === undefined
        ? 'no Prometheus (npm run demo:stack starts one)'
        : state.firing.length > 0
          ? state.firing.join('   ')
          : 'none',
    ),
  ];
  if (notifications.length > 0)
    lines.push('', 'Notifications received', ...notifications.map((n) => `  ${n}`));
  return lines;
}
