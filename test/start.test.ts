import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { recordSent } from './helpers/app.ts';
import { interruptNpm, spawnService, stopService } from './helpers/service.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { freePort } from '../tools/ports.ts';

/** The README's sample request. */
const README_LOOKUP = { state: 'NC', firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1985-03-14', zip: '27601' };

async function lookup(baseUrl: string) {
  recordSent(Object.values(README_LOOKUP));
  const res = await fetch(`${baseUrl}/v1/lookup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(README_LOOKUP),
  });
  return (await res.json()) as { status: string };
}

describe('npm start', () => {
  let dataDir: string;
  let db: TestDatabase;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'voter-lookup-start-'));
    db = await createTestDatabase();
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await db.drop();
  });

  it('when no DATABASE_URL is set, then it starts its embedded PostgreSQL with the demo roll and the README lookup is active', async () => {
    const service = await spawnService({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) });
    try {
      assert.equal((await lookup(service.baseUrl)).status, 'active');
      assert.equal((await fetch(`${service.baseUrl}/readyz`)).status, 200);
    } finally {
      const code = await stopService(service);
      assert.equal(code, 0, `exit ${code}: ${service.output()}`);
    }
  });

  it('when DATABASE_URL is set, then it migrates that database and never loads demo data', async () => {
    const service = await spawnService({ DATABASE_URL: db.url, AUDIT_HMAC_KEY: 'test-audit-secret-of-at-least-32-characters' });
    try {
      assert.equal((await lookup(service.baseUrl)).status, 'not_available');
      const states = (await (await fetch(`${service.baseUrl}/v1/states`)).json()) as { states: unknown[] };
      assert.equal(states.states.length, 56);
    } finally {
      const code = await stopService(service);
      assert.equal(code, 0, `exit ${code}: ${service.output()}`);
    }
    const snapshots = await db.knex('roll_snapshot').count<{ count: string }[]>('* as count');
    assert.equal(Number(snapshots[0]!.count), 0);
  });
});

/** What a newcomer must never see from an npm command: a stack trace. */
const STACK_LINE = /^\s+at .+\(?.+:\d+:\d+\)?$/m;

describe('npm commands when the database cannot be reached', () => {
  const commands = [
    ['start'],
    ['run', 'migrate'],
    ['run', 'import', '--', 'list'],
    ['run', 'keys', '--', 'list'],
    ['run', 'audit', '--', 'summary', '--since', '2026-01-01'],
  ];
  for (const command of commands) {
    it(`npm ${command.join(' ')}: one line naming DATABASE_URL, exit 1, no stack trace`, async () => {
      const env = {
        ...process.env,
        DATABASE_URL: `postgres://nobody@127.0.0.1:${await freePort()}/none`,
        AUDIT_HMAC_KEY: 'test-audit-secret-of-at-least-32-characters',
        PORT: '0',
      };
      const failed = await promisify(execFile)('npm', ['--silent', ...command], { env }).then(
        () => assert.fail('the command succeeded'),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      assert.equal(failed.code, 1);
      const said = (failed.stdout + failed.stderr).trim();
      assert.doesNotMatch(said, STACK_LINE);
      assert.match(said.split('\n').pop()!, /cannot reach the database \(ECONNREFUSED\): check DATABASE_URL/);
    });
  }
});

describe('npm start as root in a private folder', { skip: process.getuid?.() !== 0 && 'needs root' }, () => {
  it('when the project sits in a 0700 folder the postgres user cannot enter, then npm start and npm run import answer, with no stack trace', async () => {
    const home = await mkdtemp(join(tmpdir(), 'voter-lookup-private-'));
    await chmod(home, 0o700);
    const project = join(home, 'app');
    await mkdir(project);
    // The project as a clone and `npm ci` leave it, hard-linked (node_modules holds PostgreSQL's binaries).
    const entries = (await readdir('.')).filter((entry) => !['.git', '.data'].includes(entry));
    await promisify(execFile)('cp', ['-al', ...entries, project]);
    let clusterDir: string | undefined;
    try {
      const service = await spawnService({ EMBEDDED_PG_PORT: String(await freePort()) }, { cwd: project, npmStart: true });
      try {
        clusterDir = /its cluster in ([^"]+)/.exec(service.output())?.[1];
        assert.ok(clusterDir && !clusterDir.startsWith(home), `the cluster is outside the private folder: ${clusterDir}`);
        assert.equal((await lookup(service.baseUrl)).status, 'active');
      } finally {
        assert.ok(await interruptNpm(service, 10_000), service.output());
        assert.doesNotMatch(service.output(), STACK_LINE);
      }
      const { DATABASE_URL: _ignored, ...env } = process.env;
      const listed = await promisify(execFile)('npm', ['run', '--silent', 'import', '--', 'list'], { cwd: project, env });
      assert.match(listed.stdout, /NC/);
      assert.doesNotMatch(listed.stdout + listed.stderr, STACK_LINE);
    } finally {
      await rm(home, { recursive: true, force: true });
      if (clusterDir) await rm(join(clusterDir, '..'), { recursive: true, force: true });
    }
  });
});
