import { UNAUTHORIZED_REASONS } from './metrics-auth';
import { CounterFamily } from './series/counter-family';
import { LabelGuard } from './series/label-guard';

/**
 * `rag_metrics_unauthorized_total{reason}`, every reason exported from the start: an alert on its
 * rate then sees the first probe, not only the second (a series appearing has no rate). Its one
 * label takes four fixed values, so it has a guard of its own, whatever `maxLabelValues` says.
 */
export function unauthorizedScrapesFamily(name: string): CounterFamily {
  const family = new CounterFamily({
    name,
    help: 'Scrapes of the metrics endpoint answered 401, by reason (missing, wrong_scheme, wrong_token, denied).',
    labelNames: ['reason'],
    guards: [new LabelGuard('reason', UNAUTHORIZED_REASONS.length, 16)],
    onOverflow: () => {},
  });
  for (const reason of UNAUTHORIZED_REASONS) family.get1(reason);
  return family;
}
