import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { parse } from 'yaml';
import { chatbotToolJson, strictChatbotToolJson } from '../src/openapi/chatbot-tool.ts';
import { openApiYaml } from '../src/openapi/document.ts';
import { stateFormatsMarkdown } from '../src/roll/index.ts';
import { sriSnippets } from '../src/widget-assets.ts';
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

describe('README.md', () => {
  it('when the widget scripts change, then the Subresource Integrity snippets show their new versions (run `npm run openapi`)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const shown = /<!-- widget-sri:start -->\n([\s\S]*?)\n<!-- widget-sri:end -->/.exec(readme)?.[1];
    assert.equal(shown, sriSnippets());
  });
  it('when a state reader is declared or changed, then the table of state files shows it (run `npm run openapi`)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const shown = /<!-- state-formats:start -->\n([\s\S]*?)\n<!-- state-formats:end -->/.exec(readme)?.[1];
    assert.equal(shown, stateFormatsMarkdown());
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
  it('when the strict-mode variant is generated, then the page shows exactly it: every property required, each optional one nullable', () => {
    const page = readFileSync(new URL('../docs/chatbots.md', import.meta.url), 'utf8');
    const shown = /<!-- chatbot-tool-strict:start -->\n```json\n([\s\S]*?)\n```\n<!-- chatbot-tool-strict:end -->/.exec(page)?.[1];
    assert.equal(shown, strictChatbotToolJson());
    const strict = JSON.parse(shown) as { input_schema: { properties: Record<string, { type: unknown }>; required: string[] } };
    const plain = JSON.parse(chatbotToolJson()) as { input_schema: { required: string[] } };
    assert.deepEqual([...strict.input_schema.required].sort(), Object.keys(strict.input_schema.properties).sort());
    for (const [name, property] of Object.entries(strict.input_schema.properties)) {
      const optional = !plain.input_schema.required.includes(name);
      assert.equal(Array.isArray(property.type) && property.type.includes('null'), optional, name);
    }
  });
});
