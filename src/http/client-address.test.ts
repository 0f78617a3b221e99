import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientKey, clientNetwork, ipv4Of, isParseableAddress, networkOf } from './client-address.ts';

describe('ipv4Of', () => {
  it('when IPv4, plain or mapped into IPv6, then the IPv4 address', () => {
    assert.equal(ipv4Of('203.0.113.77'), '203.0.113.77');
    assert.equal(ipv4Of('::ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(ipv4Of('::FFFF:10.1.2.3'), '10.1.2.3');
  });
  it('when IPv6, then null', () => {
    assert.equal(ipv4Of('2001:db8::1'), null);
    assert.equal(ipv4Of('::1'), null);
  });
});

describe('clientKey', () => {
  it('when IPv4, plain or mapped, then the address itself', () => {
    assert.equal(clientKey('198.51.100.7'), '198.51.100.7');
    assert.equal(clientKey('::ffff:198.51.100.7'), '198.51.100.7');
  });
  it('when IPv6, then its /56: one household, one key', () => {
    assert.equal(clientKey('2001:db8:1234:5678:9abc::1'), clientKey('2001:db8:1234:5601::2'));
    assert.notEqual(clientKey('2001:db8:1234:5678::1'), clientKey('2001:db8:1234:5778::1'));
  });
  it('when the address is unknown (a socket already closed) or not an address, then one shared key', () => {
    assert.equal(clientKey(undefined), 'unknown');
    assert.equal(clientKey('999.1.1.1'), 'unknown');
    assert.equal(clientKey('not-an-address'), 'unknown');
  });
});

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

describe('an address as a trusted proxy writes it', () => {
  it('when it carries brackets or a port, then they are taken off', () => {
    assert.equal(clientKey('203.0.113.7:5678'), '203.0.113.7');
    assert.equal(clientKey('[2001:db8:1234:5678::1]:443'), '2001:db8:1234:5600::/56');
    assert.equal(clientNetwork('[::ffff:198.51.100.20]'), '198.51.100.0/24');
    assert.equal(isParseableAddress(' 203.0.113.7 '), true);
  });
  it('when it is not an address, then every such value shares one bucket, never one of its own', () => {
    for (const raw of ['unknown', 'Jane Doe', '1.2.3', '999.0.0.1', '[nonsense]:80', '203.0.113.7:port', '']) {
      assert.equal(clientKey(raw), 'unknown', raw);
      assert.equal(clientNetwork(raw), 'unknown', raw);
      assert.equal(isParseableAddress(raw), false, raw);
    }
  });
});

describe('networkOf', () => {
  it('when asked for /24 and /48, then those networks', () => {
    assert.equal(networkOf('198.51.100.200', { ipv4: 24, ipv6: 48 }), '198.51.100.0/24');
    assert.equal(networkOf('2001:db8:1234:5678::1', { ipv4: 24, ipv6: 48 }), '2001:db8:1234::/48');
  });
});
