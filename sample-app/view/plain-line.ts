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

function list(pairs: [string, string][]): string {
  return pairs.length > 0 ? pairs.map(([name, value]) => `${name}:${value}`).join(',') : NO_DATA;
}

/**
 * The view as one line of `key=value` fields, for a terminal that is not a TTY (a pipe, a log,
 * CI): `up=1m05s window=5.0s req/s=2.40 errors=3.1% p50=0.84s p95=2.10s ttft_p95=gpt-4o:0.62s
 * tokens/s=gpt-4o/input:812.0 spend/h=$0.1200 spend=$0.0042 cache_hits=exact:41.0%
 * relevance=/ask:0.61 empty_retrievals=/ask:2.0% positive_feedback=gpt-4o:80.0% faults=off
 * alerts=none`. Lists are `name:value` pairs joined by commas; `-` is no data yet.
 */
export function plainLine(state: ViewState): string {
  const r = state.readings;
  const fields = [
    `up=${duration(state.uptimeSeconds)}`,
    `window=${state.windowSeconds.toFixed(1)}s`,
    `req/s=${fixed(2)(single(r.requestRate))}`,
    `errors=${percent(single(r.errorRatio))}`,
    `p50=${seconds(single(r.latencyP50))}`,
    `p95=${seconds(single(r.latencyP95))}`,
    `ttft_p95=${list(entries(r.firstTokenP95, seconds))}`,
    `tokens/s=${list(entries(r.tokenRate, fixed(1)))}`,
    `spend/h=${usd(4)(total(r.spendPerHour))}`,
    `spend=${usd(4)(single(r.totalSpend))}`,
    `cache_hits=${list(entries(r.cacheHitRatio, percent))}`,
    `relevance=${list(entries(r.relevance, fixed(2)))}`,
    `empty_retrievals=${list(entries(r.emptyRetrievalRatio, percent))}`,
    `positive_feedback=${list(entries(r.positiveFeedbackRatio, percent))}`,
    `faults=${state.faults ? 'on' : 'off'}`,
  ];
  if (state.firing)
    fields.push(`alerts=${state.firing.length > 0 ? state.firing.join(',') : 'none'}`);
  return fields.join(' ');
}
