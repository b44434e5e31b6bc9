import { closestName, quote } from './validation';

/**
 * The checks every options factory shares, with error messages in one house style: they name the
 * option, quote the value and say what is allowed. `subject` names whose options these are
 * (`option`, `ragLogger option`), as it appears in the messages.
 */
export function optionChecks(subject: string) {
  const fail = {
    /** A value of the wrong type. */
    type(option: string, value: unknown, allowed: string): never {
      throw new TypeError(`rag-metrics: ${subject} "${option}" is ${quote(value)}; ${allowed}.`);
    },
    /** A value of the right type, out of bounds. */
    range(option: string, value: unknown, allowed: string): never {
      throw new RangeError(`rag-metrics: ${subject} "${option}" is ${quote(value)}; ${allowed}.`);
    },
  };

  return {
    fail,
    /** Throws on the first key that is not a known option, suggesting the one a typo meant. */
    rejectUnknown(options: object, known: readonly string[]): void {
      for (const key of Object.keys(options)) {
        if (known.includes(key)) continue;
        const suggestion = closestName(key, known);
        const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
        throw new TypeError(
          `rag-metrics: unknown ${subject} "${key}".${hint} Known options: ${known.join(', ')}.`,
        );
      }
    },
    boolean(option: string, value: unknown, fallback: boolean): boolean {
      if (value === undefined) return fallback;
      if (typeof value !== 'boolean') return fail.type(option, value, 'it must be true or false');
      return value;
    },
  };
}
