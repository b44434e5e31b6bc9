import type { IncomingMessage } from 'node:http';

/** Bodies are a rating and two short names; anything larger is not feedback. */
export const MAX_FEEDBACK_BODY_BYTES = 4096;

/** Why a feedback body was not read, as the HTTP answer says it. */
export interface BodyRefusal {
  readonly status: 400 | 413 | 415;
  readonly error: string;
  /** The body was left unread: the connection must close rather than carry the rest. */
  readonly close: boolean;
}

export type BodyRead =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly refusal: BodyRefusal };

const TOO_LARGE = `rag-metrics feedback: the body is larger than ${MAX_FEEDBACK_BODY_BYTES} bytes; send {"rating":"positive"} with at most a route and a model.`;
const NOT_JSON =
  'rag-metrics feedback: the body is not valid JSON; send {"rating":"positive"} with Content-Type: application/json.';
const WRONG_TYPE =
  'rag-metrics feedback: the body must be sent with Content-Type: application/json.';

// `application/json`, any case, optionally with parameters (charset). Not `text/plain` or forms:
// those a browser sends cross-site without a CORS preflight, so any page could post its visitors'
// "feedback". Requiring JSON makes a browser ask the service first.
const JSON_MEDIA_TYPE = /^application\/json[ \t]*(;|$)/i;

/**
 * Checks what the request says about its body before anything is read: its media type (415) and
 * its declared length (413). Also when a body parser before the handler already read it.
 */
export function refuseByHeaders(req: IncomingMessage): BodyRefusal | undefined {
  const type = req.headers['content-type'];
  if (typeof type !== 'string' || !JSON_MEDIA_TYPE.test(type)) {
    return { status: 415, error: WRONG_TYPE, close: false };
  }
  const declared = Number(req.headers['content-length']);
  if (declared > MAX_FEEDBACK_BODY_BYTES) {
    // Answered before one byte of the body is read; the connection cannot be reused after that.
    return { status: 413, error: TOO_LARGE, close: !req.readableEnded };
  }
  return undefined;
}

/**
 * Reads the JSON body up to the limit. Past the limit (a chunked body, which declares no length)
 * reading stops at once: the stream is paused and the answer asks for the connection to close.
 */
export function readJsonBody(req: IncomingMessage): Promise<BodyRead> {
  // A body parser that declined the request may have left the stream ended and empty.
  if (req.readableEnded) return Promise.resolve({ ok: true, value: undefined });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FEEDBACK_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      req.pause();
      finish({ ok: false, refusal: { status: 413, error: TOO_LARGE, close: true } });
    };
    const onEnd = () => finish(parseJson(Buffer.concat(chunks).toString('utf8')));
    // A client that goes away mid-body gets no answer; nothing is counted.
    const onError = () =>
      finish({ ok: false, refusal: { status: 400, error: NOT_JSON, close: true } });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function parseJson(text: string): BodyRead {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, refusal: { status: 400, error: NOT_JSON, close: false } };
  }
}
