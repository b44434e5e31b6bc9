import type { PromSample } from './prometheus-server';

/**
 * An instant query against the Prometheus HTTP API, which VictoriaMetrics serves too. `time` in
 * seconds; VictoriaMetrics is told not to answer from its cache (Prometheus ignores the parameter).
 */
export async function instantQuery(
  baseUrl: string,
  expr: string,
  time: number,
): Promise<PromSample[]> {
  const res = await fetch(`${baseUrl}/api/v1/query`, {
    method: 'POST',
    body: new URLSearchParams({ query: expr, time: String(time), nocache: '1' }),
  });
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: PromSample[] };
  };
  if (body.status !== 'success' || !body.data) {
    throw new Error(`query failed at ${baseUrl}: ${expr}\n${body.error ?? res.status}`);
  }
  if (body.data.resultType === 'scalar') {
    const [at, value] = body.data.result as unknown as [number, string];
    return [{ metric: {}, value: [at, value] }];
  }
  return body.data.result;
}

/** An alert as Prometheus' /api/v1/alerts lists it: pending (in its `for`) or firing. */
export interface RuleAlert {
  readonly labels: Record<string, string>;
  readonly state: 'pending' | 'firing';
}

/** GET /api/v1/alerts: every alert of the rules that is pending or firing now. */
export async function activeAlerts(baseUrl: string): Promise<RuleAlert[]> {
  const res = await fetch(`${baseUrl}/api/v1/alerts`);
  const body = (await res.json()) as { status: string; data?: { alerts: RuleAlert[] } };
  if (body.status !== 'success' || !body.data) throw new Error(`alerts failed at ${baseUrl}`);
  return body.data.alerts;
}
