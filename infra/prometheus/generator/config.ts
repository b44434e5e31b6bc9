/**
 * What every generated rule shares: the labels that identify a service, the SLO windows and the
 * links in alert annotations. Change a value here, then run `npm run infra:rules`.
 */

/**
 * The labels that tell one service apart from another (the monitoring mixins' `_config` idea).
 * Every aggregate keeps them, so staging errors never burn production's budget. `environment`
 * comes from the scrape target's labels (see prometheus.yml); a target without it still works.
 */
export const SERVICE_LABELS = ['environment', 'job'] as const;

/** The label a threshold override in thresholds.yml names (`labels: { job: checkout }`). */
export const OVERRIDE_LABEL = 'job';

/** The scrape jobs that must exist: an empty service discovery fires ScrapeTargetsMissing. */
export const REQUIRED_JOBS = ['rag-app'] as const;

/** The latency SLO counts requests answered within this bucket boundary (lib/buckets.ts has it). */
export const LATENCY_SLO_BUCKET = '2';

/** Where RUNBOOK.md is browsable; each alert links its own section. */
export const RUNBOOK_URL = 'https://github.com/rag-metrics/rag-metrics/blob/main/infra/RUNBOOK.md';

/** The RAG service overview dashboard of the compose stack, filtered to the alert's job. */
export const DASHBOARD_URL = 'http://localhost:3000/d/rag-overview';

/**
 * The SRE Workbook's multi-window, multi-burn-rate tiers ("Alerting on SLOs", table 5-8): the
 * burn rate over `long` AND over `short` must exceed the factor `rag:slo:burn_rate_<long>` of
 * thresholds.yml. The short window makes the alert stop soon after the errors stop.
 */
export const BURN_TIERS = [
  { long: '1h', short: '5m', severity: 'critical', for: '2m' },
  { long: '6h', short: '30m', severity: 'critical', for: '15m' },
  { long: '1d', short: '2h', severity: 'warning', for: '1h' },
  { long: '3d', short: '6h', severity: 'warning', for: '3h' },
] as const;

export type BurnTier = (typeof BURN_TIERS)[number];

/** Every window an SLI ratio is recorded over: the tiers' windows, shortest first. */
export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

/** The SLO period the budget is counted over. */
export const SLO_PERIOD = '30d';

/**
 * Series the rules read that nothing records by default: thresholds.yml shows how to declare
 * them (a provider's quota makes RateLimitWarning relative to it).
 */
export const OPTIONAL_INPUTS = ['rag:rate_limit:quota'] as const;
