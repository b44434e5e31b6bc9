import type { IncomingMessage, ServerResponse } from 'node:http';
import { wrapPrototypeMethod } from '../lib/wrap-method';

type Done = (err?: unknown) => void;
type Handle = (this: unknown, req: IncomingMessage, res: ServerResponse, done: Done) => unknown;

/** The parts of Express 5's router (the `router` package) read and written here. */
interface RouterLike {
  stack?: unknown;
}

/** The parts of a router layer read here. */
interface LayerLike {
  handle?: unknown;
  /** A `use()` layer mounted at `/` (router 2.x). */
  slash?: boolean;
}

/**
 * Runs `begin` in front of the app's router instead of as its first layer, when `middleware` is
 * that first layer, mounted at `/`, of an Express 5 app: `app.use(ragMetrics())` before anything
 * else, as the README shows it. Express runs every layer through its router at a cost of its own,
 * about as much CPU per request as everything this package records for a request (BENCHMARKS.md,
 * issue 14). A first layer at `/` sees every request the router sees, and Express has set the
 * prototypes and `res.locals` before the router runs; what the router itself sets before its
 * first layer (`req.originalUrl`, `req.baseUrl`, `req.next`) the caller must not need, which is why
 * the adapter keeps the layer when a `skip` function might read it. So the router's `handle`,
 * wrapped, does the layer's work before the router's loop, and the layer is taken out of the loop.
 *
 * `begin` returns whether the request goes on to the app (false: it served `/metrics`). The layer
 * leaves through a new stack array, not a splice: a request in flight keeps iterating the array it
 * started with (the router reads `this.stack` once per request), and a splice would shift its next
 * layer. Nothing happens, and false is returned, for Express 4 (its router puts its own `query`
 * and `expressInit` layers first), for a router whose `handle` is already an own property (someone
 * else wrapped it), or when the layer is not first.
 */
export function runBeforeRouter(
  app: unknown,
  middleware: unknown,
  begin: (req: IncomingMessage, res: ServerResponse) => boolean,
): boolean {
  // Express 4's `app.router` is a getter that throws; its router is `_router`.
  if (typeof app !== 'function' || '_router' in app) return false;
  const router = (app as { router?: unknown }).router as RouterLike | undefined;
  if (typeof router !== 'function' && (typeof router !== 'object' || router === null)) return false;
  const { stack } = router;
  if (!Array.isArray(stack)) return false;
  const first = stack[0] as LayerLike | undefined;
  if (first === undefined || first.handle !== middleware || first.slash !== true) return false;
  if (Object.hasOwn(router, 'handle')) return false;
  // On this router only: its `handle` comes from the Router prototype every router shares.
  const wrapped = wrapPrototypeMethod<Handle>(
    router,
    'handle',
    (handle) =>
      function handleAfterBegin(this: unknown, req, res, done): unknown {
        let proceed: boolean;
        try {
          proceed = begin(req, res);
        } catch (failure) {
          // What Express does with a throw of its first layer: the request fails with it.
          return done(failure);
        }
        return proceed ? handle.call(this, req, res, done) : undefined;
      },
  );
  if (wrapped === undefined) return false;
  router.stack = stack.slice(1);
  return true;
}
