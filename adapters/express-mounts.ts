import type { IncomingMessage } from 'node:http';
import { wrapPrototypeMethod } from '../lib/wrap-method';
import { mountTemplateOf } from './express-mount-template';

type Next = (err?: unknown) => void;
type HandleRequest = (this: RouterLayer, req: IncomingMessage, res: unknown, next: Next) => unknown;

/** The parts of a router layer (Express 4's own router, or the `router` package of Express 5) read here. */
interface RouterLayer {
  route?: unknown;
  method?: unknown;
  /** Express 5: a `use()` layer mounted at `/`. */
  slash?: boolean;
  /** Express 4: the same, as a flag on the compiled RegExp. */
  regexp?: { fast_slash?: boolean };
  rawPath?: unknown;
  keys?: unknown;
  [kTemplate]?: string | null;
}

/** Told each time a request (with its response) is dispatched to a matched route. */
export type DispatchListener = (req: IncomingMessage, res: unknown, route: unknown) => void;

const kTemplate = Symbol('rag-metrics.mountTemplate');
let dispatchListener: DispatchListener | undefined;
/** The mount patterns each request is inside of, innermost last; only for requests that passed one. */
const mountStacks = new WeakMap<IncomingMessage, string[]>();
const patchedLayers = new WeakSet<object>();

/**
 * Makes every router layer of the app's Express copy note, on the request, the pattern it was
 * mounted with while the request is inside it, the way OpenTelemetry's Express instrumentation
 * does (`storeLayerPath`): `req.baseUrl` holds the text a mount matched, not its pattern, so
 * `/tenants/a` and `/tenants/b` would become two routes. The layer prototype is shared by every
 * router and sub-app of that Express copy, including those created before this call. It also
 * tells `onDispatch` when a request is dispatched to a matched route: an accessor on the request
 * prototype would miss sub-apps mounted on routers, whose requests get a prototype of their own.
 * Returns false when the app's router is not one this understands; the mount text is used then.
 */
export function recordMountsOf(app: unknown, onDispatch: DispatchListener): boolean {
  const layer = firstLayerOf(app);
  if (layer === undefined) return false;
  const prototype = Object.getPrototypeOf(layer) as Record<string, unknown> | null;
  if (prototype === null) return false;
  dispatchListener = onDispatch;
  if (patchedLayers.has(prototype)) return true;
  const name = typeof prototype.handleRequest === 'function' ? 'handleRequest' : 'handle_request';
  const wrapped = wrapPrototypeMethod<HandleRequest>(
    prototype,
    name,
    (handle) =>
      function handleRequestNotingMount(
        this: RouterLayer,
        req: IncomingMessage,
        res: unknown,
        next: Next,
      ): unknown {
        if (this.route !== undefined) {
          // Express set `req.route` just before: the mounts the request is inside of are current.
          dispatchListener?.(req, res, this.route);
          return handle.call(this, req, res, next);
        }
        const template = templateOf(this);
        if (template === null) return handle.call(this, req, res, next);
        let stack = mountStacks.get(req);
        if (stack === undefined) {
          stack = [];
          mountStacks.set(req, stack);
        }
        const depth = stack.length;
        stack.push(template);
        const mounts = stack;
        // Leaving the mount, by `next()` or an error, pops it (and anything it left behind).
        return handle.call(this, req, res, function leaveMount(err?: unknown) {
          mounts.length = depth;
          next(err);
        });
      },
  );
  if (wrapped === undefined) return false;
  patchedLayers.add(prototype);
  return true;
}

/** The patterns of the mounts the request is inside of, joined: `/tenants/:tenant/docs`. */
export function mountTemplate(req: IncomingMessage): string {
  const stack = mountStacks.get(req);
  return stack === undefined ? '' : stack.join('');
}

/** A layer's mount pattern, or `null` for layers that mount nothing at a path (routes, `use('/')`). */
function templateOf(layer: RouterLayer): string | null {
  const known = layer[kTemplate];
  if (known !== undefined) return known;
  const isMount =
    layer.route === undefined &&
    layer.method === undefined &&
    layer.slash !== true &&
    layer.regexp?.fast_slash !== true;
  let template: string | null = null;
  if (isMount) {
    const rendered = mountTemplateOf(layer);
    template = rendered === '/' ? null : rendered.endsWith('/') ? rendered.slice(0, -1) : rendered;
  }
  layer[kTemplate] = template;
  return template;
}

/** The first layer of the app's router: Express 5's `app.router`, Express 4's `app._router`. */
function firstLayerOf(app: unknown): object | undefined {
  if (typeof app !== 'function' && (typeof app !== 'object' || app === null)) return undefined;
  // Express 4 defines `app.router` as a getter that throws; its router is `_router`.
  const router = (
    '_router' in app ? (app as { _router?: unknown })._router : (app as { router?: unknown }).router
  ) as { stack?: unknown } | undefined;
  const stack = router?.stack;
  if (!Array.isArray(stack) || stack.length === 0) return undefined;
  const first: unknown = stack[0];
  return typeof first === 'object' && first !== null ? first : undefined;
}
