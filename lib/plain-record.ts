import type { PlainRagRecord, RagContext } from './types';

/**
 * Applies what a handler left in `res.locals.rag` / `ctx.state.rag` to `rag`: nothing when it is
 * `rag` itself or was never set; otherwise the plain-object form, recorded through the same
 * checked methods as calls would be. `reject` drops anything else.
 */
export function applyPlainRecord(
  rag: RagContext,
  value: unknown,
  reject: (kind: string, value: unknown, allowed: string) => void,
): void {
  if (value === undefined || value === rag) return;
  const record = value as PlainRagRecord;
  if (typeof record !== 'object' || record === null) {
    return reject('plain rag record', record, 'a RagContext or a plain object');
  }
  if (record.model !== undefined) rag.setModel(record.model);
  if (record.tokens !== undefined) {
    rag.recordTokens({ ...record.tokens, model: record.model, costUsd: record.costUsd });
  } else if (record.costUsd !== undefined) {
    rag.recordCost(record.costUsd, record.model);
  }
  if (record.cache !== undefined) rag.recordCache(record.cache);
  if (record.relevance !== undefined) rag.recordRelevance(record.relevance);
  if (record.contextPrecision !== undefined) rag.recordContextPrecision(record.contextPrecision);
}
