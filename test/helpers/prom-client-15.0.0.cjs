'use strict';
// Test-only, loaded by .mocharc.prom-client-15.0.0.json before tsx: every `require('prom-client')`
// and `require('prom-client/…')`, the package's own in lib/ as much as the tests', loads the npm
// alias prom-client-15.0.0, the oldest release the peer range ^15.0.0 admits. The main run tests
// the devDependency, the newest 15.x. test/prom-client-15.0.0/loaded.test.ts fails if this
// redirect stops working, so the run can never pass on the newest release unnoticed.
const Module = require('node:module');

const NAME = 'prom-client';
const ALIAS = 'prom-client-15.0.0';

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveToOldest(request, ...rest) {
  const redirected =
    request === NAME || request.startsWith(`${NAME}/`)
      ? `${ALIAS}${request.slice(NAME.length)}`
      : request;
  return resolveFilename.call(this, redirected, ...rest);
};

// Child processes (the cluster test's primary and its workers) load it too.
const flag = `--require ${JSON.stringify(__filename)}`;
const nodeOptions = process.env.NODE_OPTIONS ?? '';
if (!nodeOptions.includes(flag)) process.env.NODE_OPTIONS = `${nodeOptions} ${flag}`.trim();
