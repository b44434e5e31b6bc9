import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { expect } from 'chai';

// Runs only in the prom-client 15.0.0 run (`.mocharc.prom-client-15.0.0.json`; the main run
// ignores this folder): it proves the redirect of test/helpers/prom-client-15.0.0.cjs worked.

const versionOf = (manifest: string) =>
  (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;

describe('the prom-client 15.0.0 run', () => {
  it("should load prom-client 15.0.0 wherever 'prom-client' is required", () => {
    expect(versionOf(require.resolve('prom-client/package.json'))).to.equal('15.0.0');
  });

  it('should have loaded no other prom-client, the package’s own lib/ included', () => {
    // Every spec file, and so lib/, is loaded before the first test runs.
    const newest = `${sep}node_modules${sep}prom-client${sep}`;
    const loaded = Object.keys(require.cache).filter((file) => file.includes('prom-client'));
    expect(loaded.filter((file) => file.includes(newest))).to.deep.equal([]);
    expect(loaded).to.include(require.resolve('prom-client'));
    expect(require.resolve('prom-client')).to.contain(
      join('node_modules', 'prom-client-15.0.0', 'index.js'),
    );
  });

  it('should load prom-client 15.0.0 in child processes too (the cluster test forks)', () => {
    const version = execFileSync(
      process.execPath,
      ['-p', "require(require.resolve('prom-client/package.json')).version"],
      { encoding: 'utf8' },
    );
    expect(version.trim()).to.equal('15.0.0');
  });
});
