import { IncomingMessage, type ServerResponse } from 'node:http';
import { UNMATCHED_ROUTE } from '../lib/metric-names';
import { BaseTrackedRequest, trackedOfSwapped } from '../lib/response-lifecycle';
import { mountTemplate, recordMountsOf } from './express-mounts';

/** The parts of Express's request the route label is built from; Express 4 and 5 both have them. */
export interface ExpressRouteRequest extends IncomingMessage {
  app?: unknown;
  baseUrl?: string;
  route?: { path?: unknown };
}

/** Where the request was dispatched: the route, and the patterns of the mounts it is inside of. */
interface Dispatch {
  dispatchedRoute: { path?: unknown } | undefined;
  mountTemplate: string | undefined;
}

/** What the Express adapter keeps per measured request. */
export class ExpressTrackedRequest extends BaseTrackedRequest implements Dispatch {
  dispatchedRoute: { path?: unknown } | undefined = undefined;
  mountTemplate: string | undefined = undefined;
}

const watchedPrototypes = new WeakSet<object>();
/**
 * Dispatches of requests that `ragMetrics()` does not measure (`ragLogger()` alone); a measured
 * request keeps its own. Neither is a property of `req`: Express swaps the prototype of every
 * request, and adding properties to such an object is slow (issue 7).
 */
const dispatches = new WeakMap<object, Dispatch>();

/**
 * Where the request's dispatch is kept: its tracked request when measured. `res` is the request's
 * response (Express links them, `req.res`, before the first middleware), when the caller has it.
 */
function dispatchOf(
  req: IncomingMessage,
  res = (req as { res?: ServerResponse }).res,
): Dispatch | undefined {
  const tracked = res === undefined ? undefined : trackedOfSwapped(res);
  return tracked instanceof ExpressTrackedRequest ? tracked : dispatches.get(req);
}

/** Notes the route a request was dispatched to, with the patterns of the mounts it is inside of. */
function noteDispatch(req: IncomingMessage, res: unknown, route: unknown): void {
  // The router passes the response: reading `req.res` instead costs more than the rest of this.
  let dispatch = dispatchOf(req, res as ServerResponse);
  if (dispatch === undefined) {
    dispatch = { dispatchedRoute: undefined, mountTemplate: undefined };
    dispatches.set(req, dispatch);
  }
  dispatch.dispatchedRoute = route as { path?: unknown };
  dispatch.mountTemplate = mountTemplate(req);
}

/**
 * Notes each dispatch to a matched route with the mount patterns the request is inside of at that
 * moment (express-mounts.ts): Express restores `req.baseUrl` when an error leaves a router, and
 * `baseUrl` holds matched text, not patterns. Set up once per Express copy. For a router this does
 * not understand, an accessor on the app's own request prototype (not Node's) notes `req.route`
 * with the mount text instead, once per app.
 */
export function watchRouteDispatch(req: ExpressRouteRequest): void {
  const prototype = Object.getPrototypeOf(req) as object | null;
  // Only Express's per-app request prototype is ours to extend, never Node's own.
  if (prototype === null || prototype === IncomingMessage.prototype) return;
  if (watchedPrototypes.has(prototype)) return;
  watchedPrototypes.add(prototype);
  if (recordMountsOf(req.app, noteDispatch)) return;
  if (Object.getOwnPropertyDescriptor(prototype, 'route') !== undefined) return;
  Object.defineProperty(prototype, 'route', {
    configurable: true,
    enumerable: false,
    get(this: ExpressRouteRequest) {
      return dispatchOf(this)?.dispatchedRoute;
    },
    set(this: ExpressRouteRequest, route: { path?: unknown }) {
      let dispatch = dispatchOf(this);
      if (dispatch === undefined) {
        dispatch = { dispatchedRoute: undefined, mountTemplate: undefined };
        dispatches.set(this, dispatch);
      }
      dispatch.dispatchedRoute = route;
      dispatch.mountTemplate = this.baseUrl;
    },
  });
}

/**
 * The matched route's template with the patterns of its mounts, e.g. `/tenants/:tenant/docs/:id`,
 * or `__unmatched__`. `tracked`, the request's state when the caller has it, spares a lookup.
 */
export function expressRouteOf(req: ExpressRouteRequest, tracked?: Dispatch): string {
  const dispatch = tracked ?? dispatchOf(req);
  const path = (dispatch?.dispatchedRoute ?? req.route)?.path;
  if (path === undefined) return UNMATCHED_ROUTE;
  const template = Array.isArray(path) ? path.map(String).join(',') : String(path);
  const base = dispatch?.mountTemplate ?? req.baseUrl ?? '';
  if (base === '') return template;
  return template === '/' ? base : base + template;
}
