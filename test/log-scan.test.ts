import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/**
 * Runs last in `npm test`: every name and date any test sent, looked for in every
 * log line any test's service wrote during the run (in-process apps and the
 * services started as their own processes).
 */
const dir = process.env.TEST_LOG_DIR;

function read(kind: 'logs' | 'sent'): string[] {
  if (!dir) return [];
  return readdirSync(dir)
    .filter((file) => file.startsWith(`${kind}-`))
    .flatMap((file) => readFileSync(join(dir, file), 'utf8').split('\n'))
    .filter(Boolean);
}

describe('the logs of the whole test run', () => {
  it('when every test has run, then no name or birth date any test sent is in any log line', (t) => {
    if (!dir) {
      t.skip('run with `npm test`, which collects the logs of the run');
      return;
    }
    const logs = read('logs').join('\n').toUpperCase();
    const sent = new Set(read('sent'));
    assert.ok(logs.length > 10_000, 'the run wrote logs to scan');
    assert.ok(sent.size > 50, 'the run recorded what it sent');
    for (const value of sent) {
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        assert.ok(!logs.includes(value), `${value} is in the logs`);
        continue;
      }
      for (const word of value
        .toUpperCase()
        .split(/[^\p{L}]+/u)
        .filter((w) => w.length >= 3)) {
        assert.ok(!new RegExp(`(^|[^\\p{L}])${word}([^\\p{L}]|$)`, 'u').test(logs), `"${word}" is in the logs`);
      }
    }
  });
});
