/**
 * openapi.yaml as outside tools see it: Redocly's `recommended` rules (the same
 * config `npx @redocly/cli lint` reads from redocly.yaml), and a TypeScript client
 * generated from it by openapi-typescript that must accept the service's real
 * answers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lint, loadConfig } from '@redocly/openapi-core';
import type { Express } from 'express';
import openapiTS, { astToString } from 'openapi-typescript';
import request from 'supertest';
import ts from 'typescript';
import { parse } from 'yaml';
import { createKeyRepository } from '../src/clients/index.ts';
import { buildTestApp, recordSent } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters } from './helpers/rolls.ts';

const committed = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8');

async function redoclyProblems(file: string) {
  const config = await loadConfig({ configPath: new URL('../redocly.yaml', import.meta.url).pathname });
  return (await lint({ ref: file, config })).map(
    (problem) => `${problem.severity} ${problem.ruleId}: ${problem.message} (${problem.location[0]?.pointer ?? ''})`,
  );
}

describe('openapi.yaml under Redocly CLI recommended rules', () => {
  it('when linted, then no error and no warning', async () => {
    assert.deepEqual(await redoclyProblems(new URL('../openapi.yaml', import.meta.url).pathname), []);
  });

  it('when an operation loses its operationId and its security, then the linter says so (the check can fail)', async () => {
    const doc = parse(committed);
    delete doc.paths['/v1/lookup'].post.operationId;
    delete doc.security;
    delete doc.paths['/v1/states'].get.security;
    const dir = await mkdtemp(join(tmpdir(), 'voter-lookup-lint-'));
    try {
      await writeFile(join(dir, 'openapi.json'), JSON.stringify(doc));
      const problems = await redoclyProblems(join(dir, 'openapi.json'));
      assert.ok(
        problems.some((problem) => problem.includes('operation-operationId')),
        problems.join('\n'),
      );
      assert.ok(
        problems.some((problem) => problem.includes('security-defined')),
        problems.join('\n'),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** One answer the service gave, and where the generated client declares its type. */
interface Seen {
  path: string;
  method: 'get' | 'post';
  status: number;
  media: string;
  body: unknown;
}

describe('a TypeScript client generated from openapi.yaml (openapi-typescript)', () => {
  let db: TestDatabase;
  let app: Express;
  let batchKey: string;
  const seen: Seen[] = [];
  const JANE = { state: 'NC', firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1985-03-14', zip: '27601' };

  before(async () => {
    db = await createTestDatabase();
    await importNcVoters(db.url, [
      { ncid: 'C0001', lastName: 'DOE', firstName: 'JANE', birthYear: 1985, county: 'WAKE' },
      { ncid: 'C0002', lastName: 'FORMER', firstName: 'ROBIN', birthYear: 1950, status: 'R', reason: 'RD' },
      { ncid: 'C0003', lastName: 'TWIN', firstName: 'ALEX', birthYear: 2001 },
      { ncid: 'C0004', lastName: 'TWIN', firstName: 'ALEX', birthYear: 2001 },
    ]);
    batchKey = (await createKeyRepository(db.knex).create({ name: 'Contract', scopes: ['batch', 'rolls'], rateLimitPerMinute: 1000, allowedOrigins: [] }))
      .secret;
    app = await buildTestApp(db.knex);
    recordSent(['Jane', 'Doe', 'Robin', 'Former', 'Alex', 'Twin', 'Nobody', 'Known', '1985-03-14', '1950-06-01', '2001-02-02', '1990-01-01']);
  });
  after(async () => {
    await db.drop();
  });

  async function see(path: string, method: 'get' | 'post', url: string, body?: object, headers: Record<string, string> = {}) {
    let req = method === 'get' ? request(app).get(url) : request(app).post(url);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    const res = await (body === undefined ? req : req.send(body));
    seen.push({ path, method, status: res.status, media: (res.headers['content-type'] ?? '').split(';')[0]!, body: res.body as unknown });
  }

  it('when the service answers the contract’s requests, then every answer type-checks against the generated types, and a wrong one does not', async () => {
    await see('/v1/lookup', 'post', '/v1/lookup', JANE);
    await see('/v1/lookup', 'post', '/v1/lookup', { ...JANE, language: 'es' });
    await see('/v1/lookup', 'post', '/v1/lookup', { state: 'NC', firstName: 'Robin', lastName: 'Former', dateOfBirth: '1950-06-01', zip: '27601' });
    await see('/v1/lookup', 'post', '/v1/lookup', { state: 'NC', firstName: 'Alex', lastName: 'Twin', dateOfBirth: '2001-02-02' });
    await see('/v1/lookup', 'post', '/v1/lookup', { state: 'NC', firstName: 'Nobody', lastName: 'Known', dateOfBirth: '1990-01-01', zip: '27601' });
    await see('/v1/lookup', 'post', '/v1/lookup', { ...JANE, state: 'OH' });
    await see('/v1/lookup', 'post', '/v1/lookup', { ...JANE, state: 'ND' });
    await see('/v1/lookup', 'post', '/v1/lookup', { ...JANE, dateOfBirth: 'yesterday' });
    await see('/v1/lookup/batch', 'post', '/v1/lookup/batch', { lookups: [{ ref: 'a', ...JANE }] }, { Authorization: `Bearer ${batchKey}` });
    await see('/v1/lookup/batch', 'post', '/v1/lookup/batch', { lookups: [{ ref: 'a', ...JANE }] });
    await see('/v1/rolls', 'get', '/v1/rolls', undefined, { Authorization: `Bearer ${batchKey}` });
    await see('/v1/states', 'get', '/v1/states');
    await see('/v1/states/{code}', 'get', '/v1/states/NC');
    await see('/v1/states/{code}', 'get', '/v1/states/ZZ');
    await see('/v1/languages', 'get', '/v1/languages');
    await see('/healthz', 'get', '/healthz');
    await see('/readyz', 'get', '/readyz');
    const statuses = new Set(seen.map((answer) => answer.status));
    for (const status of [200, 400, 401, 404]) assert.ok(statuses.has(status), `an answer with ${status} was seen`);

    const dir = await mkdtemp(join(tmpdir(), 'voter-lookup-client-'));
    try {
      await writeFile(join(dir, 'api.ts'), astToString(await openapiTS(parse(committed))));
      const typed = (answer: Seen, body: unknown) =>
        `(${JSON.stringify(body)}) satisfies paths[${JSON.stringify(answer.path)}][${JSON.stringify(answer.method)}]['responses'][${answer.status}]['content'][${JSON.stringify(answer.media)}]`;
      const answers = seen.map((answer, i) => `export const answer${i} = ${typed(answer, answer.body)};`);
      await writeFile(join(dir, 'answers.ts'), [`import type { paths } from './api.ts';`, ...answers].join('\n'));
      assert.deepEqual(typeCheck(join(dir, 'answers.ts')), []);

      // The check can fail: a status the contract does not have, and a field it does not declare.
      const active = seen[0]!;
      const wrong = [typed(active, { ...(active.body as object), status: 'maybe' }), typed(active, { ...(active.body as object), voterId: 'C0001' })];
      await writeFile(join(dir, 'wrong.ts'), [`import type { paths } from './api.ts';`, ...wrong.map((w, i) => `export const wrong${i} = ${w};`)].join('\n'));
      const errors = typeCheck(join(dir, 'wrong.ts'));
      assert.equal(errors.length, 2, errors.join('\n'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** TypeScript's strict check of one file, as a client project would compile it: the errors, one line each. */
function typeCheck(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ').slice(0, 300));
}
