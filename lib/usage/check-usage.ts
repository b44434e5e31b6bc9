import type { TokenUsage } from '../types';
import {
  isNonEmptyString,
  isNonNegativeNumber,
  isTokenCount,
  MAX_TOKENS_PER_CALL,
} from '../validation';

/** Drops a bad value: counts `invalid_value` and warns once per `kind`. */
export type RejectValue = (kind: string, value: unknown, allowed: string) => void;

/**
 * Checks one `recordTokens()` argument whose model is already resolved; rejects the first bad
 * field and returns false. Cached and cache-write tokens are parts of input tokens.
 */
export function isValidUsage(usage: TokenUsage, model: unknown, reject: RejectValue): boolean {
  const input = usage.input ?? 0;
  const cachedInput = usage.cachedInput ?? 0;
  const cacheWrite = usage.cacheWrite ?? 0;
  if (!isModelName('recordTokens.model', model, reject)) return false;
  if (!isCount('recordTokens.input', input, reject)) return false;
  if (!isCount('recordTokens.output', usage.output ?? 0, reject)) return false;
  if (!isCount('recordTokens.cachedInput', cachedInput, reject)) return false;
  if (!isCount('recordTokens.cacheWrite', cacheWrite, reject)) return false;
  if (cachedInput > input) {
    reject(
      'recordTokens.cachedInput',
      cachedInput,
      `at most input (${input}): cached input tokens are part of input tokens`,
    );
    return false;
  }
  if (cachedInput + cacheWrite > input) {
    reject(
      'recordTokens.cacheWrite',
      cacheWrite,
      `at most input - cachedInput (${input - cachedInput}): cache-write tokens are part of input tokens`,
    );
    return false;
  }
  if (usage.provider !== undefined && !isNonEmptyString(usage.provider)) {
    reject('recordTokens.provider', usage.provider, 'a provider name such as "openai"');
    return false;
  }
  if (usage.costUsd !== undefined && !isNonNegativeNumber(usage.costUsd)) {
    reject('recordTokens.costUsd', usage.costUsd, 'a finite number ≥ 0 (USD)');
    return false;
  }
  return true;
}

export function isModelName(kind: string, model: unknown, reject: RejectValue): model is string {
  if (typeof model === 'string' && model !== '') return true;
  reject(kind, model, 'a non-empty model name');
  return false;
}

function isCount(kind: string, value: unknown, reject: RejectValue): value is number {
  if (isTokenCount(value)) return true;
  reject(kind, value, `a number from 0 to ${MAX_TOKENS_PER_CALL} (tokens per call)`);
  return false;
}
