import { errorTypeOf } from '../error-type';

/** An error with what is safe to log of it: its type, and a message without the request body. */
export interface BodySafeError {
  readonly type: string;
  readonly message: string;
}

// body-parser's `type`s (Express: `entity.parse.failed`, `entity.too.large`, `encoding.unsupported`,
// `charset.unsupported`, `request.aborted`, `stream.encoding.set`, ...).
const BODY_PARSER_TYPE = /^(entity|request|encoding|charset|stream)\./;

/**
 * What to log of an error a body parser threw: body-parser (Express) and co-body (`@koa/bodyparser`)
 * keep the body in `err.body`, and the JSON parse error's message and stack quote part of it
 * (`Unexpected token … in JSON at position 7`, or `"<the text>" is not valid JSON`). They are
 * logged by type and status only, as the docs promise that nothing of a body is logged.
 * `undefined` for any other error.
 */
export function bodyParserError(err: unknown): BodySafeError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { type, status, statusCode } = err as {
    type?: unknown;
    status?: unknown;
    statusCode?: unknown;
  };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code > 499) return undefined;
  const parserType = typeof type === 'string' && BODY_PARSER_TYPE.test(type) ? type : undefined;
  if (parserType === undefined && !Object.hasOwn(err, 'body')) return undefined;
  return {
    type: errorTypeOf(err),
    message: `the request body was refused by the body parser (${parserType ?? 'parse failed'}, status ${code}); the body is not logged`,
  };
}
