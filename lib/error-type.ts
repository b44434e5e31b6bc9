/**
 * The `error_type` of an error: its class name (`TypeError`, `RateLimitError`), falling back to its
 * `name` for errors built without a class, and to a fixed word for values that are not errors.
 */
export function errorTypeOf(err: unknown): string {
  if (typeof err !== 'object' || err === null)
    return typeof err === 'string' ? 'string_thrown' : 'non_error';
  const constructorName = (err as { constructor?: { name?: unknown } }).constructor?.name;
  if (
    typeof constructorName === 'string' &&
    constructorName !== '' &&
    constructorName !== 'Object'
  ) {
    return constructorName;
  }
  const name = (err as { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : 'non_error';
}

/** Status an error asks for (`err.status` / `err.statusCode`, as http-errors and Koa set them), else 500. */
export function statusOfError(err: unknown): number {
  if (typeof err === 'object' && err !== null) {
    const { status, statusCode } = err as { status?: unknown; statusCode?: unknown };
    for (const candidate of [status, statusCode]) {
      if (
        typeof candidate === 'number' &&
        Number.isInteger(candidate) &&
        candidate >= 400 &&
        candidate <= 599
      ) {
        return candidate;
      }
    }
  }
  return 500;
}
