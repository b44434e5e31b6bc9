import { expect } from 'chai';
import { pino } from 'pino';
import { ragLogger as expressLogger } from '../../adapters/express';
import { ragLogger as koaLogger } from '../../adapters/koa';
import type { RagLoggerOptions } from '../../lib/logging/options';
import { LogCapture } from '../helpers/log-capture';

const reject = (options: unknown) => () => expressLogger(options as RagLoggerOptions);

describe('ragLogger(options)', () => {
  it('should reject an unknown option and suggest the one meant', () => {
    expect(reject({ logQueris: true })).to.throw(
      TypeError,
      'rag-metrics: unknown ragLogger option "logQueris". Did you mean "logQueries"? Known options: logger, destination, level, serviceName, environment, logQueries, queryHashKey, redactHeaders, headers, trustRequestId, skip, env.',
    );
  });

  it('should reject options that are not an object', () => {
    expect(reject('info')).to.throw(
      TypeError,
      'rag-metrics: ragLogger options must be an object; got "info".',
    );
  });

  it('should reject a level pino does not have with a RangeError quoting it', () => {
    expect(reject({ level: 'verbose' })).to.throw(
      RangeError,
      'rag-metrics: ragLogger option "level" is "verbose"; it must be one of "fatal", "error", "warn", "info", "debug", "trace", "silent".',
    );
  });

  it('should reject a LOG_LEVEL environment variable pino does not have, naming it', () => {
    expect(reject({ env: { LOG_LEVEL: 'loud' } })).to.throw(
      RangeError,
      'rag-metrics: environment variable LOG_LEVEL is "loud"; it must be one of "fatal", "error", "warn", "info", "debug", "trace", "silent".',
    );
  });

  it('should treat an empty or blank LOG_LEVEL as unset, as a copied .env file leaves it', () => {
    for (const blank of ['', '  ']) {
      const middleware = expressLogger({
        env: { LOG_LEVEL: blank },
        destination: new LogCapture(),
      });
      expect(middleware.logger.level, JSON.stringify(blank)).to.equal('info');
    }
    const warnOnly = expressLogger({ env: { LOG_LEVEL: 'warn' }, destination: new LogCapture() });
    expect(warnOnly.logger.level).to.equal('warn');
  });

  it('should reject a logger that is not a pino logger', () => {
    expect(reject({ logger: console })).to.throw(TypeError, 'it must be a pino logger (pino())');
  });

  it('should reject a destination without write()', () => {
    expect(reject({ destination: './app.log' })).to.throw(
      TypeError,
      'rag-metrics: ragLogger option "destination" is "./app.log"; it must be a stream with write(), such as pino.destination() or a Writable.',
    );
  });

  it('should reject logger together with destination or level, as conflicting', () => {
    const logger = pino({ level: 'silent' });
    expect(reject({ logger, destination: new LogCapture() })).to.throw(
      Error,
      'rag-metrics: ragLogger options "logger" and "destination" conflict; pass the destination to pino() when you create the logger.',
    );
    expect(reject({ logger, level: 'debug' })).to.throw(
      Error,
      'rag-metrics: ragLogger options "logger" and "level" conflict; set the level on the logger you pass.',
    );
  });

  it('should reject logQueries and headers that are not booleans', () => {
    expect(reject({ logQueries: 'yes' })).to.throw(
      TypeError,
      'rag-metrics: ragLogger option "logQueries" is "yes"; it must be true or false.',
    );
    expect(reject({ headers: 1 })).to.throw(
      TypeError,
      'rag-metrics: ragLogger option "headers" is 1; it must be true or false.',
    );
  });

  it('should reject a short queryHashKey without quoting the key', () => {
    const check = reject({ queryHashKey: 'hunter2' });
    expect(check).to.throw(
      RangeError,
      'rag-metrics: ragLogger option "queryHashKey" is 7 characters long; it must be at least 16.',
    );
    expect(check).to.not.throw(/hunter2/);
  });

  it('should reject redactHeaders that are not header names', () => {
    expect(reject({ redactHeaders: 'x-token' })).to.throw(
      TypeError,
      'rag-metrics: ragLogger option "redactHeaders" is "x-token"; it must be an array of header names, e.g. ["x-tenant-token"].',
    );
    expect(reject({ redactHeaders: ['x token'] })).to.throw(TypeError, 'redactHeaders');
  });

  it('should reject an empty serviceName', () => {
    expect(reject({ serviceName: ' ' })).to.throw(
      TypeError,
      'rag-metrics: ragLogger option "serviceName" is " "; it must be a non-empty string.',
    );
  });

  it('should check options the same way from rag-metrics/koa', () => {
    expect(() => koaLogger({ level: 'verbose' } as unknown as RagLoggerOptions)).to.throw(
      RangeError,
      'ragLogger option "level" is "verbose"',
    );
  });

  it('should expose the pino logger it writes through as .logger', () => {
    const logs = new LogCapture();
    const middleware = expressLogger({ destination: logs, level: 'debug' });
    middleware.logger.debug('hello');
    expect(logs.lines).to.have.length(1);
    expect(logs.lines[0]).to.include({ level: 'debug', msg: 'hello' });
    expect(koaLogger({ destination: logs }).logger.level).to.equal('info');
  });
});
