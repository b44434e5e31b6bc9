import type { IncomingMessage } from 'node:http';
import { isPath, isPlainPath } from './paths';

/** Whether a request is left unmeasured (health checks, readiness probes). */
export type SkipRequest = (req: IncomingMessage) => boolean;

/** The `skip` options made from a list of paths, as opposed to an app's own function. */
const pathListSkips = new WeakSet<SkipRequest>();

const ALLOWED =
  'it must be an array of paths starting with "/" (no query), or a function (req) => boolean';

/**
 * The `skip` option as one function, or `undefined` when nothing is skipped, so that the adapters'
 * hot path pays a single `undefined` check then (issue 19). `fail` throws the option error.
 */
export function skipOption(
  value: unknown,
  fail: (option: string, value: unknown, allowed: string) => never,
): SkipRequest | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'function') return value as SkipRequest;
  if (!Array.isArray(value) || !value.every(isPlainPath)) return fail('skip', value, ALLOWED);
  if (value.length === 0) return undefined;
  const paths: readonly string[] = Object.freeze([...value]);
  const skipListedPath = function skipListedPath(req: IncomingMessage): boolean {
    // Express strips a mount path from `url`; `originalUrl` is what the client asked for.
    const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '';
    for (const path of paths) if (isPath(url, path)) return true;
    return false;
  };
  pathListSkips.add(skipListedPath);
  return skipListedPath;
}

/**
 * Whether a resolved `skip` option reads nothing of the request but its URL (none, or a list of
 * paths): an app's own function may read anything Express has set on the request by then.
 */
export function skipReadsOnlyUrl(skip: SkipRequest | undefined): boolean {
  return skip === undefined || pathListSkips.has(skip);
}

/**
 * `skip` made safe to call during a request: a function that throws measures the request (as if it
 * had returned false) and reports the error through `onThrow`, instead of failing the request.
 */
export function guardedSkip(
  skip: SkipRequest | undefined,
  onThrow: (err: unknown) => void,
): SkipRequest | undefined {
  if (skip === undefined) return undefined;
  return function skipRequest(req: IncomingMessage): boolean {
    try {
      return skip(req) === true;
    } catch (err) {
      onThrow(err);
      return false;
    }
  };
}
