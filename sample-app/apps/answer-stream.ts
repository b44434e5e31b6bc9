import { PassThrough, type Readable } from 'node:stream';
import type { RagContext } from 'rag-metrics';
import type { RagService } from '../service/rag-service';
import type { AskInput } from './ask-input';
import { errorResponse } from './error-response';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
} as const;

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Starts answering `input` as Server-Sent Events: `token` events, then one `done` event with the
 * full result (or an `error` event if the provider fails mid-answer).
 *
 * Resolves with the event stream once the first token is there, so that a provider failure before
 * any token still rejects and can be answered with a proper 502 instead of a 200 stream.
 */
export async function openAnswerStream(
  service: RagService,
  input: AskInput,
  rag: RagContext,
  signal: AbortSignal,
): Promise<Readable> {
  const events = new PassThrough();
  let firstToken: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    firstToken = resolve;
  });
  const answered = service.ask(input.question, rag, {
    model: input.model,
    signal,
    onToken: (token) => {
      firstToken();
      events.write(event('token', { token }));
    },
  });
  await Promise.race([started, answered]);
  answered.then(
    (result) => events.end(event('done', result)),
    (err: unknown) => {
      const message = errorResponse(err)?.body.error ?? 'The answer failed.';
      events.end(event('error', { error: message }));
    },
  );
  return events;
}
