import { UNMATCHED_ROUTE } from '../lib/metric-names';

/** What the route label is read from: @koa/router and koa-router set the matched layer's path, prefix included. */
export interface KoaRouteContext {
  _matchedRoute?: string | RegExp;
}

/** The matched route template, e.g. `/api/docs/:id`, or `__unmatched__`. */
export function koaRouteOf(ctx: KoaRouteContext): string {
  const matched = ctx._matchedRoute;
  if (matched === undefined) return UNMATCHED_ROUTE;
  return typeof matched === 'string' ? matched : String(matched);
}
