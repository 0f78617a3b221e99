import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inputHmac } from './log.ts';

describe('inputHmac', () => {
  it('when the same inputs and secret, then the same digest; another secret, another digest; never the inputs', () => {
    const a = inputHmac('secret-one', ['NC', 'DOE', 'JANE', '1985-03-14']);
    assert.equal(a, inputHmac('secret-one', ['NC', 'DOE', 'JANE', '1985-03-14']));
    assert.notEqual(a, inputHmac('secret-two', ['NC', 'DOE', 'JANE', '1985-03-14']));
    assert.match(a, /^[0-9a-f]{64}$/);
  });
});
