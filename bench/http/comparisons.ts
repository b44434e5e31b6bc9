import type { Comparison } from './compare';

const NO_LOGGER =
  'ragMetrics()+ragLogger() is not measured: ragLogger() (branch `logging`) had not landed on main when this suite was written.';

/** The HTTP comparisons of issue 7; the first variant of each is its baseline. */
export const COMPARISONS: readonly Comparison[] = [
  {
    name: 'express-hello',
    path: '/hello',
    variants: ['express-bare', 'express-ragMetrics', 'express-pino-http', 'express-prom-bundle'],
    notes: [NO_LOGGER],
  },
  {
    name: 'koa-hello',
    path: '/hello',
    variants: ['koa-bare', 'koa-ragMetrics'],
    notes: [NO_LOGGER],
  },
  {
    name: 'rag-route',
    path: '/ask',
    variants: ['rag-uninstrumented', 'rag-instrumented'],
  },
];
