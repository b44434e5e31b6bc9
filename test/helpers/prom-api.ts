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
