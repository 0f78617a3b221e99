import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IntlMessageFormat } from 'intl-messageformat';
import { TYPE } from '@formatjs/icu-messageformat-parser';
import { LANGUAGE_CODES } from './languages.ts';
import { lookupMessage, messageFiles } from './messages.ts';
import { LOOKUP_STATUSES } from './schema.ts';

/** The placeholders of an ICU message, by name. */
function placeholders(text: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: ReturnType<IntlMessageFormat['getAst']>) => {
    for (const node of nodes) if (node.type === TYPE.argument) names.add(node.value);
  };
  walk(new IntlMessageFormat(text, locale).getAst());
  return [...names].sort();
}

describe('the message files', () => {
  it('when compared with English, then every language has every message and no other, with the same placeholders', () => {
    const english = messageFiles.en;
    for (const code of LANGUAGE_CODES) {
      const file = messageFiles[code];
      assert.deepEqual(Object.keys(file).sort(), Object.keys(english).sort(), code);
      for (const [key, text] of Object.entries(english)) assert.deepEqual(placeholders(file[key]!, code), placeholders(text, 'en'), `${code} ${key}`);
    }
  });
  it('when a message is asked for each status in each language, then it names the state and is never empty', () => {
    for (const code of LANGUAGE_CODES) {
      for (const status of LOOKUP_STATUSES) {
        const message = lookupMessage(status, code, 'North Carolina');
        assert.match(message, /North Carolina/, `${code} ${status}`);
      }
    }
    assert.equal(lookupMessage('not_found', 'en', 'Ohio').includes("Ohio's"), true, 'an apostrophe survives ICU quoting');
  });
});
