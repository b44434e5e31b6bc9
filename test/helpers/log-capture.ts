import { Writable } from 'node:stream';
import { eventually } from './server';

/** One parsed log line. */
export type LogLine = Record<string, unknown>;

/**
 * A pino destination that keeps every line in memory: `raw` is the text exactly as written (for
 * leak checks), `lines` the parsed JSON objects.
 */
export class LogCapture extends Writable {
  raw = '';

  constructor() {
    super({ decodeStrings: false });
  }

  override _write(chunk: unknown, _encoding: string, callback: () => void): void {
    this.raw += String(chunk);
    callback();
  }

  get lines(): LogLine[] {
    return this.raw
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LogLine);
  }

  /** Completion lines: the ones pino-http writes when a response finishes or closes. */
  get completions(): LogLine[] {
    return this.lines.filter(
      (line) => typeof line.msg === 'string' && line.msg.startsWith('request '),
    );
  }

  /**
   * Waits for the next completion line. A response's `finish` can come after the client has read
   * it, so the line may land a moment after the request resolved.
   */
  async completion(count = 1): Promise<LogLine> {
    await eventually(async () => this.completions.length >= count, `${count} completion line(s)`);
    return this.completions[count - 1] as LogLine;
  }
}
