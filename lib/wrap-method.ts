/**
 * Replaces the method `name` that objects of `prototype` see (its own or inherited) with
 * `wrap(previous)`, defined on `prototype` like a class method: non-enumerable, writable,
 * configurable. Returns the new method, or `undefined` when there is no such method or the
 * prototype is frozen, and so nothing was changed.
 */
export function wrapPrototypeMethod<Method extends (...args: never[]) => unknown>(
  prototype: object,
  name: string,
  wrap: (previous: Method) => Method,
): Method | undefined {
  const previous = (prototype as Record<string, unknown>)[name];
  if (typeof previous !== 'function' || !Object.isExtensible(prototype)) return undefined;
  const method = wrap(previous as Method);
  Object.defineProperty(prototype, name, {
    configurable: true,
    enumerable: false,
    writable: true,
    value: method,
  });
  return method;
}
