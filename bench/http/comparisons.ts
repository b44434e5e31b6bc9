import type { Comparison } from './compare';

/** The HTTP comparisons of issue 7; the first variant of each is its baseline. */
export const COMPARISONS: readonly Comparison[] = [
  {
    name: 'express-hello',
    path: '/hello',
    variants: [
      'express-bare',
      'express-ragMetrics',
      'express-ragLogger',
      'express-ragMetrics-ragLogger',
      'express-pino-http',
      'express-prom-bundle',
    ],
  },
  {
    name: 'koa-hello',
    path: '/hello',
    variants: [
      'koa-bare',
      'koa-ragMetrics',
      'koa-ragLogger',
      'koa-ragMetrics-ragLogger',
      'koa-pino-http',
    ],
  },
  {
    name: 'rag-route',
    path: '/ask',
    variants: ['rag-uninstrumented', 'rag-noop-middleware', 'rag-instrumented'],
  },
];
