import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientNetwork, inputHmac } from './audit.ts';

describe('clientNetwork', () => {
  it('when IPv4 (plain or mapped into IPv6), then its /24', () => {
    assert.equal(clientNetwork('203.0.113.77'), '203.0.113.0/24');
    assert.equal(clientNetwork('::ffff:127.0.0.1'), '127.0.0.0/24');
  });
  it('when IPv6, then its /56', () => {
    assert.equal(clientNetwork('2001:db8:1234:5678:9abc::1'), '2001:db8:1234:5600::/56');
  });
  it('when missing or not an address, then unknown', () => {
    assert.equal(clientNetwork(undefined), 'unknown');
    assert.equal(clientNetwork('nonsense'), 'unknown');
  });
});

describe('inputHmac', () => {
  it('when the same inputs and secret, then the same digest; another secret, another digest; never the inputs', () => {
    const a = inputHmac('secret-one', ['NC', 'DOE', 'JANE', '1985-03-14']);
    assert.equal(a, inputHmac('secret-one', ['NC', 'DOE', 'JANE', '1985-03-14']));
    assert.notEqual(a, inputHmac('secret-two', ['NC', 'DOE', 'JANE', '1985-03-14']));
    assert.match(a, /^[0-9a-f]{64}$/);
  });
});
