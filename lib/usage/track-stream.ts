import { quote } from '../validation';
import type { Rejecter, UsageSink } from './record-usage';
import { recordDetected } from './record-usage';
import { StreamUsage } from './stream-usage';

/**
 * `rag.trackStream(stream)`: checks the argument now (a generator would only throw once iterated),
 * then returns the tracking generator.
 */
export function trackStream<T>(
  stream: AsyncIterable<T>,
  sink: UsageSink,
  rejecter: Rejecter,
): AsyncGenerator<T, void, undefined> {
  if (typeof (stream as Partial<AsyncIterable<T>> | null)?.[Symbol.asyncIterator] !== 'function') {
    const hint =
      typeof (stream as { then?: unknown } | null)?.then === 'function'
        ? ' It is a Promise: await the call that starts the stream first.'
        : '';
    throw new TypeError(
      `rag-metrics: trackStream(stream) needs an async iterable stream; got ${quote(stream)}.${hint}`,
    );
  }
  return track(stream, sink, rejecter);
}

/**
 * Yields every chunk unchanged. Marks the first token at the first content chunk, and records usage
 * once, when the stream ends, fails, or the consumer stops early (`break` or `return()` runs the
 * `finally`): tokens a cut-off stream already cost are still counted.
 */
async function* track<T>(
  stream: AsyncIterable<T>,
  sink: UsageSink,
  rejecter: Rejecter,
): AsyncGenerator<T, void, undefined> {
  const usage = new StreamUsage();
  let sawContent = false;
  let completed = false;
  try {
    for await (const chunk of stream) {
      if (observe(usage, chunk) && !sawContent) {
        sawContent = true;
        sink.markFirstToken();
      }
      yield chunk;
    }
    completed = true;
  } finally {
    const seen = usage.result();
    // Without usage, the model still labels time to first token.
    const model = usage.modelSeen;
    if (seen === undefined && model !== undefined) sink.setModel(model);
    // A stream that ran to its end without usage (OpenAI without `stream_options.include_usage`)
    // is counted as invalid; one stopped early had simply not reached its usage yet.
    if (seen !== undefined || completed) {
      recordDetected(seen, 'trackStream', 'a stream that ended without usage', sink, rejecter);
    }
  }
}

/** Reading a chunk must never break the stream it came from. */
function observe(usage: StreamUsage, chunk: unknown): boolean {
  try {
    return usage.observe(chunk);
  } catch {
    return false;
  }
}
