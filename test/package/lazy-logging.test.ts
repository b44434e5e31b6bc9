import { expect } from 'chai';
import { runFresh } from '../helpers/fresh-process';

/** Prints the pino packages loaded so far, by package directory name. */
const PRINT_LOADED_LOGGING = `
  const loaded = Object.keys(require.cache)
    .map((file) => /node_modules[\\\\/](pino(?:-http)?)[\\\\/]/.exec(file)?.[1])
    .filter(Boolean);
  process.stdout.write(JSON.stringify([...new Set(loaded)].sort()));
`;

/**
 * Issue 14, item 11: an app that only measures never loads pino and pino-http; `ragLogger()`
 * loads them the first time it is called.
 */
describe('package: logging loaded only when used', () => {
  for (const entry of ['adapters/express.ts', 'adapters/koa.ts', 'lib/index.ts']) {
    it(`should load neither pino nor pino-http when ${entry} is imported and an instance made`, () => {
      const loaded = runFresh(`
        const entry = require('./${entry}');
        if (entry.ragMetrics) entry.ragMetrics({ includeDefaultRegistry: false, processMetrics: false });
        else entry.createRagMetrics({ includeDefaultRegistry: false, processMetrics: false });
        ${PRINT_LOADED_LOGGING}
      `);
      expect(loaded).to.deep.equal([]);
    });
  }

  for (const entry of ['adapters/express.ts', 'adapters/koa.ts']) {
    it(`should load both when ragLogger() from ${entry} is called`, () => {
      const loaded = runFresh(`
        const { ragLogger } = require('./${entry}');
        const { Writable } = require('node:stream');
        ragLogger({ destination: new Writable({ write: (_c, _e, done) => done() }) });
        ${PRINT_LOADED_LOGGING}
      `);
      expect(loaded).to.deep.equal(['pino', 'pino-http']);
    });
  }
});
