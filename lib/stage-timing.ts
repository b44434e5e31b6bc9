/** What times a stage: records `stage`, begun at `started` (a `performance.now()`), and returns its seconds. */
export interface StageSink {
  stopStage(stage: string, started: number): number;
}

/**
 * `rag.time(stage, fn)`: times `fn`, sync or async, records even when it throws, rethrows, and
 * returns its result. No stop closure as in `startStage`: a synchronous stage allocates nothing.
 */
export function timeStage<T>(sink: StageSink, stage: string, fn: () => T): T {
  const started = performance.now();
  let result: T;
  try {
    result = fn();
  } catch (err) {
    sink.stopStage(stage, started);
    throw err;
  }
  if (isPromiseLike(result)) {
    return result.then(
      (value) => {
        sink.stopStage(stage, started);
        return value;
      },
      (err: unknown) => {
        sink.stopStage(stage, started);
        throw err;
      },
    ) as T;
  }
  sink.stopStage(stage, started);
  return result;
}

/** `rag.startStage(stage)`: the returned function stops it (once) and returns its seconds. */
export function startStage(sink: StageSink, stage: string): () => number {
  const started = performance.now();
  let stopped = false;
  return () => {
    if (stopped) return (performance.now() - started) / 1000;
    stopped = true;
    return sink.stopStage(stage, started);
  };
}

function isPromiseLike<T>(value: T): value is T & PromiseLike<Awaited<T>> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
