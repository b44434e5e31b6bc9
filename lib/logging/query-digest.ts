import { createHmac, randomBytes } from 'node:crypto';

/** How a user's question appears in a log line. `text` only when the app opted in with `logQueries`. */
export interface LoggedQuery {
  readonly length: number;
  /** First 12 hex characters of HMAC-SHA-256(key, text). */
  readonly hash: string;
  readonly text?: string;
}

const HASH_HEX_CHARS = 12;

/**
 * A keyed hash, not a plain SHA-256: questions are short and often common, so an unkeyed hash could
 * be reversed by hashing a list of likely questions. With the default key (random, per process)
 * equal questions share a hash within one process only; pass `queryHashKey` to correlate them
 * across instances and restarts. 12 hex characters (48 bits) tell queries apart in practice while
 * saying nothing about the text.
 */
export class QueryDigest {
  private readonly key: string | Buffer;

  constructor(
    key: string | undefined,
    private readonly keepText: boolean,
  ) {
    this.key = key ?? randomBytes(32);
  }

  digest(text: string): LoggedQuery {
    const hash = createHmac('sha256', this.key).update(text).digest('hex').slice(0, HASH_HEX_CHARS);
    return this.keepText ? { length: text.length, hash, text } : { length: text.length, hash };
  }
}
