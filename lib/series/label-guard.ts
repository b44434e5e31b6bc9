/** Label value given to values past a label's cap of distinct values. */
export const OVERFLOW_LABEL_VALUE = '__other__';
/** Label value given to an empty string, which Prometheus would read as "no label". */
export const EMPTY_LABEL_VALUE = '__empty__';

// Control characters are legal in the text format once escaped, but they break log lines, Grafana
// legends and some scrapers; they never carry meaning in a label, so they become spaces.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/**
 * Bounds one label of one metric: at most `maxValues` distinct values, each at most `maxLength`
 * characters. Runs only when a label set is seen for the first time, never on the hot path.
 */
export class LabelGuard {
  private readonly admitted = new Set<string>();

  constructor(
    readonly labelName: string,
    private readonly maxValues: number,
    private readonly maxLength: number,
  ) {}

  /** The value to store, and whether the original had to be replaced because the cap was reached. */
  admit(raw: string): { value: string; overflowed: boolean } {
    const value = this.normalise(raw);
    if (this.admitted.has(value)) return { value, overflowed: false };
    if (this.admitted.size >= this.maxValues)
      return { value: OVERFLOW_LABEL_VALUE, overflowed: true };
    this.admitted.add(value);
    return { value, overflowed: false };
  }

  private normalise(raw: string): string {
    if (raw.length === 0) return EMPTY_LABEL_VALUE;
    let value = raw.length > this.maxLength ? truncate(raw, this.maxLength) : raw;
    if (CONTROL_CHARACTER.test(value)) value = value.replace(CONTROL_CHARACTERS, ' ');
    return value;
  }
}

/** Cuts to `length` UTF-16 units without leaving half of a surrogate pair at the end. */
function truncate(value: string, length: number): string {
  const last = value.charCodeAt(length - 1);
  const cut = last >= 0xd800 && last <= 0xdbff ? length - 1 : length;
  return value.slice(0, cut);
}
