import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import request from 'supertest';
import { createAuditLog } from '../src/audit/index.ts';
import { buildTestApp, captureLogger, recordSent } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { importNcVoters } from './helpers/rolls.ts';

const JANE = { state: 'NC', firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1985-03-14', zip: '27601' };

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
  await importNcVoters(db.url, [{ ncid: 'P1', lastName: 'DOE', firstName: 'JANE', birthYear: 1985 }]);
  recordSent(['Jane', 'Doe', '1985-03-14', 'Nobody']);
});
after(async () => {
  await db.drop();
});

/** The SDK's own client over HTTP, against the app listening on a port of its own. */
async function connect(options: Parameters<typeof buildTestApp>[1] = {}) {
  const audit = { log: createAuditLog(db.knex, captureLogger(), { retentionDays: 90, flushMs: 60_000 }), secret: 'mcp-test-audit-secret-of-32-characters' };
  const app = await buildTestApp(db.knex, { audit, ...options });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  const client = new Client({ name: 'voter-lookup-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  return {
    client,
    app,
    audit,
    close: async () => {
      await client.close();
      server.close();
      await audit.log.close();
    },
  };
}

describe('POST /mcp', () => {
  it('when a chatbot lists the tools, then both, read-only, idempotent and closed-world, with the lookup’s fields as the input schema', async () => {
    const mcp = await connect();
    try {
      const { tools } = await mcp.client.listTools();
      const check = tools.find((t) => t.name === 'check_voter_registration');
      assert.ok(check);
      assert.ok(tools.find((t) => t.name === 'get_state_registration_info'));
      assert.deepEqual(Object.keys(check.inputSchema.properties ?? {}).sort(), [
        'county',
        'dateOfBirth',
        'firstName',
        'language',
        'lastName',
        'middleName',
        'state',
        'suffix',
        'zip',
      ]);
      assert.deepEqual([...(check.inputSchema.required ?? [])].sort(), ['dateOfBirth', 'firstName', 'lastName', 'state']);
      assert.ok(check.outputSchema);
      assert.equal(check.annotations?.readOnlyHint, true);
      assert.equal(check.annotations?.idempotentHint, true);
      assert.equal(check.annotations?.openWorldHint, false);
    } finally {
      await mcp.close();
    }
  });

  it('when check_voter_registration is called, then structuredContent is the lookup’s answer and the text its message, and the lookup is audited', async () => {
    const mcp = await connect();
    try {
      const result = await mcp.client.callTool({ name: 'check_voter_registration', arguments: JANE });
      const answer = result.structuredContent as { status: string; message: string };
      const direct = await request(mcp.app).post('/v1/lookup').send(JANE);
      assert.deepEqual(answer, direct.body);
      assert.equal(answer.status, 'active');
      assert.deepEqual(result.content, [{ type: 'text', text: answer.message }]);
      await mcp.audit.log.flush();
      const rows = await db.knex('lookup_audit').select('outcome');
      assert.ok(rows.length >= 2, 'the tool call and the direct lookup are both audited');
    } finally {
      await mcp.close();
    }
  });

  it('when an argument is bad, then a tool error naming the field, never a crash, and no value echoed', async () => {
    const mcp = await connect();
    try {
      const result = await mcp.client.callTool({ name: 'check_voter_registration', arguments: { ...JANE, dateOfBirth: '1985-02-30', lastName: 'Quintessa' } });
      assert.equal(result.isError, true);
      const text = (result.content as { text: string }[]).map((c) => c.text).join(' ');
      assert.match(text, /dateOfBirth/);
      assert.ok(!text.includes('1985-02-30') && !text.includes('Quintessa'), text);
      const state = await mcp.client.callTool({ name: 'get_state_registration_info', arguments: { state: 'nc' } });
      assert.equal((state.structuredContent as { code: string }).code, 'NC');
      const spanish = await mcp.client.callTool({ name: 'get_state_registration_info', arguments: { state: 'nc', language: 'es' } });
      assert.equal((spanish.structuredContent as { language: string }).language, 'es');
    } finally {
      await mcp.close();
    }
  });

  it('when a network passes its not_found guard, then the tool is refused as POST /v1/lookup would be', async () => {
    const mcp = await connect({ enumeration: { limit: 2, windowMinutes: 10 } });
    try {
      for (let i = 0; i < 2; i += 1) {
        const found = await mcp.client.callTool({ name: 'check_voter_registration', arguments: { ...JANE, firstName: 'Nobody' } });
        assert.equal((found.structuredContent as { status: string }).status, 'not_found');
      }
      await assert.rejects(mcp.client.callTool({ name: 'check_voter_registration', arguments: JANE }), /429|Too many/);
      assert.equal((await request(mcp.app).post('/v1/lookup').send(JANE)).status, 429);
    } finally {
      await mcp.close();
    }
  });

  it('when asked with GET, then 405 with Allow: POST (stateless: no stream to resume)', async () => {
    const app = await buildTestApp(db.knex);
    const res = await request(app).get('/mcp');
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'POST');
  });
});

describe('GET /llms.txt', () => {
  it('when an agent reads it, then it names the lookup, the MCP endpoint and the OpenAPI document', async () => {
    const res = await request(await buildTestApp(db.knex)).get('/llms.txt');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /text\/plain/);
    assert.match(res.text, /^# voter-lookup/);
    assert.match(res.text, /POST \/v1\/lookup: /);
    assert.match(res.text, /POST \/mcp: /);
    assert.match(res.text, /\/openapi\.yaml/);
  });
});
