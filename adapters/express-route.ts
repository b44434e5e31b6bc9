import { IncomingMessage, type ServerResponse } from 'node:http';
import { UNMATCHED_ROUTE } from '../lib/metric-names';
import type { RequestContext } from '../lib/rag-context';
import { contextOf } from '../lib/response-lifecycle';

/** The parts of Express's request the route label is built from; Express 4 and 5 both have them. */
export interface ExpressRouteRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
}

interface Dispatch {
  readonly route: { path?: unknown };
  readonly mountPath: string | undefined;
}

const watchedPrototypes = new WeakSet<object>();
/**
 * The route each request was dispatched to, with the mount path at that moment, for requests that
 * `ragMetrics()` does not measure (`ragLogger()` alone). A measured request keeps them on its
 * context instead. Neither is a property of `req`: Express swaps the prototype of every request,
 * and adding properties to such an object is slow (issue 7).
 */
const dispatches = new WeakMap<object, Dispatch>();

/** The context of the request's response, if `ragMetrics()` measures it. */
function contextOfRequest(req: ExpressRouteRequest): RequestContext | undefined {
  // Express links each request to its response (`req.res`) before the first middleware.
  const { res } = req as { res?: ServerResponse };
  return res === undefined ? undefined : contextOf(res);
}

/**
 * Express restores `req.baseUrl` when an error leaves a router, so by the time the response
 * finishes the mount path of the route that threw is gone. Express sets `req.route` when it
 * dispatches a matched route, while `baseUrl` is still right; an accessor on the app's own request
 * prototype (not Node's) remembers the mount path at that moment. It is installed once per app.
 */
export function watchRouteDispatch(req: IncomingMessage): void {
  const prototype = Object.getPrototypeOf(req) as object | null;
  // Only Express's per-app request prototype is ours to extend, never Node's own.
  if (prototype === null || prototype === IncomingMessage.prototype) return;
  if (watchedPrototypes.has(prototype)) return;
  watchedPrototypes.add(prototype);
  if (Object.getOwnPropertyDescriptor(prototype, 'route') !== undefined) return;
  Object.defineProperty(prototype, 'route', {
    configurable: true,
    enumerable: false,
    get(this: ExpressRouteRequest) {
      return contextOfRequest(this)?.dispatchedRoute ?? dispatches.get(this)?.route;
    },
    set(this: ExpressRouteRequest, route: { path?: unknown }) {
      const rag = contextOfRequest(this);
      if (rag === undefined) {
        dispatches.set(this, { route, mountPath: this.baseUrl });
        return;
      }
      rag.dispatchedRoute = route;
      rag.dispatchedMountPath = this.baseUrl;
    },
  });
}

/**
 * The matched route template with its router mount path, e.g. `/api/docs/:id`. `rag`, the
 * request's context when the caller has it, spares looking it up again.
 */
export function expressRouteOf(req: ExpressRouteRequest, rag?: RequestContext): string {
  const path = (rag?.dispatchedRoute ?? req.route)?.path;
  if (path === undefined) return UNMATCHED_ROUTE;
  const template = typeof path === 'string' ? path : String(path);
  const base = rag?.dispatchedMountPath ?? dispatches.get(req)?.mountPath ?? req.baseUrl ?? '';
  if (base === '') return template;
  return template === '/' ? base : base + template;
}
