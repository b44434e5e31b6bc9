import { type HeaderRedactor, REDACTED } from './redaction';

/** Deepest nesting searched; logged objects deeper than this are left as they are. */
const MAX_DEPTH = 8;

/** Marks an object already redacted (the completion line), so that it is not searched twice. */
export const REDACTED_ALREADY: unique symbol = Symbol('rag-metrics.redacted');

/**
 * Redacts credentials anywhere in an object a handler logs through `req.log` / `ctx.log`:
 * `headers.Authorization`, `upstream.headers`, `req.log.info(req.headers)`, and what HTTP clients
 * attach to their errors (`err.headers`, `err.config.headers`). A string (or list of strings) under
 * a name that reads like a credential, in any case and at any depth, becomes `[Redacted]`; objects
 * are searched whatever their name. Copy on write: the logged object is never changed, and an
 * object with nothing to redact is logged as is, without a copy.
 */
export class DeepRedactor {
  constructor(private readonly names: HeaderRedactor) {}

  /** For pino's `formatters.log`: the line's own fields. */
  readonly line = (object: Record<string, unknown>): Record<string, unknown> => {
    if ((object as { [REDACTED_ALREADY]?: true })[REDACTED_ALREADY]) return object;
    return this.redact(object, 0) as Record<string, unknown>;
  };

  /** `value` with credentials redacted; `value` itself when there was none. */
  redact(value: unknown, depth: number): unknown {
    if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
    if (Array.isArray(value)) return this.redactArray(value, depth);
    // Only data is searched: plain objects, and header classes such as axios' AxiosHeaders. Errors
    // are left to the `err` serializer, which redacts the plain object it makes of them; requests,
    // sockets and streams are never walked (the `req`/`res` serializers leave them out).
    if (!isSearchable(value)) return value;
    return this.redactFields(value as Record<string, unknown>, depth);
  }

  /** `redact()` for an object of any class, such as what pino's `err` serializer makes of an error. */
  redactFields(source: Record<string, unknown>, depth: number): Record<string, unknown> {
    let copy: Record<string, unknown> | undefined;
    for (const name in source) {
      const field = source[name];
      let redacted = field;
      if (typeof field === 'object' && field !== null && !Array.isArray(field)) {
        redacted = this.redact(field, depth + 1);
      } else if (isSecretValue(field) && this.names.isSecret(name)) {
        redacted = REDACTED;
      } else if (Array.isArray(field)) {
        redacted = this.redactArray(field, depth + 1);
      }
      if (redacted !== field) {
        copy ??= { ...source };
        copy[name] = redacted;
      }
    }
    return copy ?? source;
  }

  private redactArray(values: readonly unknown[], depth: number): unknown {
    let copy: unknown[] | undefined;
    for (let i = 0; i < values.length; i++) {
      const item = values[i];
      if (typeof item !== 'object' || item === null) continue;
      const redacted = this.redact(item, depth + 1);
      if (redacted !== item) {
        copy ??= [...values];
        copy[i] = redacted;
      }
    }
    return copy ?? values;
  }
}

/**
 * What a header or credential field holds: a string or a list of strings. Not a number, so that
 * counts such as `{ prompt_tokens: 12 }` stay readable.
 */
function isSecretValue(value: unknown): boolean {
  if (typeof value === 'string') return true;
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isSearchable(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null;
  if (prototype === null || prototype === Object.prototype) return true;
  const name = prototype.constructor?.name;
  return typeof name === 'string' && /headers/i.test(name);
}
