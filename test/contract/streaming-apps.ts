import type { RequestListener, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import KoaRouter from '@koa/router';
import express5 from 'express';
import express4 from 'express4';
import Koa3 from 'koa';
import Koa2 from 'koa2';
import { ragMetrics as expressMetrics } from '../../adapters/express';
import { ragMetrics as koaMetrics } from '../../adapters/koa';
import type { RagMetricsOptions } from '../../lib/options';
import type { RagContext } from '../../lib/types';

/** What a streaming handler does, framework aside: write chunks on `out`, record on `rag`. */
export type StreamHandler = (rag: RagContext, out: StreamOut) => Promise<void>;

export interface StreamOut {
  write(chunk: string): void;
  end(): void;
  /** Resolves when the client has gone away. */
  readonly closed: Promise<void>;
}

export interface StreamingFlavour {
  readonly name: string;
  /** An app serving `handler` at GET /stream with the given content type. */
  create(options: RagMetricsOptions, contentType: string, handler: StreamHandler): RequestListener;
}

function closedPromise(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => res.once('close', () => resolve()));
}

function expressFlavour(name: string, express: typeof express5): StreamingFlavour {
  return {
    name,
    create(options, contentType, handler) {
      const app = express();
      app.use(expressMetrics(options));
      app.get('/stream', (_req, res) => {
        res.setHeader('Content-Type', contentType);
        const closed = closedPromise(res);
        void handler(res.locals.rag, {
          write: (chunk) => res.write(chunk),
          end: () => res.end(),
          closed,
        });
      });
      return app as unknown as RequestListener;
    },
  };
}

function koaFlavour(name: string, Koa: typeof Koa3): StreamingFlavour {
  return {
    name,
    create(options, contentType, handler) {
      const app = new Koa();
      app.silent = true;
      app.use(koaMetrics(options));
      const router = new KoaRouter();
      router.get('/stream', (ctx) => {
        ctx.type = contentType;
        const body = new PassThrough();
        ctx.body = body;
        const closed = closedPromise(ctx.res);
        void handler(ctx.rag, {
          write: (chunk) => body.write(chunk),
          end: () => body.end(),
          closed,
        });
      });
      app.use(router.routes());
      return app.callback();
    },
  };
}

export const STREAMING_FLAVOURS: readonly StreamingFlavour[] = [
  expressFlavour('Express 4', express4 as unknown as typeof express5),
  expressFlavour('Express 5', express5),
  koaFlavour('Koa 2', Koa2 as unknown as typeof Koa3),
  koaFlavour('Koa 3', Koa3),
];

export { sleep };
