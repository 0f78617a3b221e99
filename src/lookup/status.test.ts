import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOOKUP_STATUSES } from './schema.ts';
import { isRegistered } from './status.ts';
import { lookupMessage } from './messages.ts';

describe('isRegistered', () => {
  it('when each status, then the contract value', () => {
    const expected = {
      active: true,
      inactive: true,
      preregistered: false,
      removed: false,
      denied: false,
      not_found: false,
      multiple_matches: null,
      not_available: null,
      not_required: null,
    } as const;
    for (const status of LOOKUP_STATUSES) assert.equal(isRegistered(status), expected[status], status);
  });
});

describe('lookupMessage', () => {
  it('when any status in either language, then one or two sentences naming the state', () => {
    for (const language of ['en', 'es'] as const) {
      for (const status of LOOKUP_STATUSES) {
        const message = lookupMessage(status, language, 'North Carolina');
        assert.match(message, /North Carolina/);
        const sentences = message.split(/[.!?](?:\s|$)/).filter((s) => s.trim()).length;
        assert.ok(sentences >= 1 && sentences <= 2, `${language} ${status}: ${sentences} sentences`);
      }
    }
  });
  it('when English and Spanish, then the texts differ', () => {
    assert.notEqual(lookupMessage('active', 'en', 'Ohio'), lookupMessage('active', 'es', 'Ohio'));
  });
});
