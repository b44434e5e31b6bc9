/** The plain line's keys in their order, as sample-app/README.md documents them (no `alerts`). */
export const FIELDS = [
  'up',
  'window',
  'req/s',
  'errors',
  'p50',
  'p95',
  'ttft_p95',
  'tokens/s',
  'spend/h',
  'spend',
  'cache_hits',
  'relevance',
  'empty_retrievals',
  'positive_feedback',
  'faults',
];
