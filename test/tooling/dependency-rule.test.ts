import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { withTempDir } from '../helpers/rolls.ts';

const DEPCRUISE = join(process.cwd(), 'node_modules', '.bin', 'depcruise');

/** Runs the project's own dependency rule over a small tree laid out like the project's. */
function cruise(dir: string, files: Record<string, string>) {
  copyFileSync('.dependency-cruiser.cjs', join(dir, '.dependency-cruiser.cjs'));
  copyFileSync('tsconfig.json', join(dir, 'tsconfig.json'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const roots = ['src', 'tools'].filter((root) => existsSync(join(dir, root)));
  return spawnSync(DEPCRUISE, [...roots, '--config', '.dependency-cruiser.cjs'], { cwd: dir, encoding: 'utf8' });
}

describe('the dependency rule (npm run lint:deps)', () => {
  it('when the platform imports a component, then it fails naming the rule and the edge', async () => {
    await withTempDir((dir) => {
      const run = cruise(dir, {
        'src/lookup/index.ts': 'export const lookup = 1;\n',
        'src/db/knex.ts': "import { lookup } from '../lookup/index.ts';\nexport const db = lookup;\n",
      });
      assert.notEqual(run.status, 0, run.stdout);
      assert.match(run.stdout, /platform-imports-no-component: src\/db\/knex\.ts → src\/lookup\/index\.ts/);
    });
  });
  it('when one component reaches past another front door, or src imports tools/, then it fails', async () => {
    await withTempDir((dir) => {
      const run = cruise(dir, {
        'src/lookup/index.ts': "export { normalise } from './normalize.ts';\n",
        'src/lookup/normalize.ts': 'export const normalise = (s: string) => s;\n',
        'src/roll/index.ts':
          "import { normalise } from '../lookup/normalize.ts';\nimport { port } from '../../tools/ports.ts';\nexport const roll = normalise(String(port));\n",
        'tools/ports.ts': 'export const port = 1;\n',
      });
      assert.notEqual(run.status, 0, run.stdout);
      assert.match(run.stdout, /components-meet-at-the-front-door: src\/roll\/index\.ts → src\/lookup\/normalize\.ts/);
      assert.match(run.stdout, /src-stays-in-src: src\/roll\/index\.ts → tools\/ports\.ts/);
    });
  });
  it('when imports go through the front doors, then it passes', async () => {
    await withTempDir((dir) => {
      const run = cruise(dir, {
        'src/lookup/index.ts': "export { normalise } from './normalize.ts';\n",
        'src/lookup/normalize.ts': 'export const normalise = (s: string) => s;\n',
        'src/roll/index.ts': "import { normalise } from '../lookup/index.ts';\nexport const roll = normalise('x');\n",
      });
      assert.equal(run.status, 0, run.stdout);
    });
  });
});
