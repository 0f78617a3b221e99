import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { parse } from 'yaml';
import { chatbotToolJson } from '../src/openapi/chatbot-tool.ts';
import { openApiYaml } from '../src/openapi/document.ts';
import { useDatabaseAndApp } from './helpers/app.ts';

const committed = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8');

const ctx = useDatabaseAndApp();

describe('openapi.yaml', () => {
  it('when generated from the zod schemas, then it equals the committed file (run `npm run openapi` after a change)', () => {
    assert.equal(committed, openApiYaml());
  });

  it('when validated, then it is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(parse(committed));
    assert.equal(result.valid, true, JSON.stringify(result.errors));
    assert.equal(parse(committed).openapi, '3.1.0');
  });

  it('when read, then every path documents the statuses of the contract with a schema', () => {
    const doc = parse(committed);
    const lookup = doc.paths['/v1/lookup'].post.responses;
    assert.deepEqual(Object.keys(lookup).sort(), ['200', '400', '403', '405', '413', '415', '429', '500', '503']);
    for (const [status, response] of Object.entries<{ content: Record<string, { schema: unknown }> }>(lookup)) {
      const media = status === '200' ? 'application/json' : 'application/problem+json';
      assert.ok(response.content[media]?.schema, `${status} has a ${media} schema`);
    }
    assert.ok(doc.paths['/v1/states/{code}'].get.responses['404']);
    const result = doc.components.schemas.LookupResult;
    assert.deepEqual(Object.keys(result.properties).sort(), [
      'checkUrl',
      'county',
      'dataAsOf',
      'language',
      'match',
      'message',
      'nextSteps',
      'registerUrl',
      'registered',
      'state',
      'status',
    ]);
    assert.equal(doc.components.schemas.LookupRequest.additionalProperties, false);
  });

  it('when served, then GET /openapi.yaml returns the document', async () => {
    const res = await request(ctx.app).get('/openapi.yaml');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /yaml/);
    assert.equal(res.text, committed);
  });

  it('when /docs is opened, then a Swagger UI page whose scripts are served here', async () => {
    const page = await request(ctx.app).get('/docs/');
    assert.equal(page.status, 200);
    assert.match(page.text, /swagger-ui/);
    const scripts = [...page.text.matchAll(/<script src="\.\/([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(scripts.length >= 2);
    for (const script of scripts) {
      const asset = await request(ctx.app).get(`/docs/${script}`);
      assert.equal(asset.status, 200, script);
    }
    const init = await request(ctx.app).get('/docs/swagger-ui-init.js');
    assert.match(init.text, /\/openapi\.yaml/);
  });
});

describe('docs/chatbots.md', () => {
  it('when the tool definition is generated from the zod schema, then the page shows exactly it', () => {
    const page = readFileSync(new URL('../docs/chatbots.md', import.meta.url), 'utf8');
    const shown = /<!-- chatbot-tool:start -->\n```json\n([\s\S]*?)\n```\n<!-- chatbot-tool:end -->/.exec(page)?.[1];
    assert.equal(shown, chatbotToolJson());
    const tool = JSON.parse(shown);
    assert.deepEqual(tool.input_schema.required, ['state', 'firstName', 'lastName', 'dateOfBirth']);
    assert.equal(tool.input_schema.additionalProperties, false);
  });
});
