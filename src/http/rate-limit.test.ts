import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request } from 'express';
import { clientKey, ipv4Of, pinClientAddress } from './rate-limit.ts';

describe('ipv4Of', () => {
  it('when an IPv4 address, plain or mapped into IPv6 by a dual-stack socket, then the IPv4 address', () => {
    assert.equal(ipv4Of('203.0.113.77'), '203.0.113.77');
    assert.equal(ipv4Of('::ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(ipv4Of('::FFFF:10.1.2.3'), '10.1.2.3');
  });
  it('when an IPv6 address, then null', () => {
    assert.equal(ipv4Of('2001:db8::1'), null);
    assert.equal(ipv4Of('::1'), null);
  });
});

describe('clientKey', () => {
  it('when IPv4, then the address; mapped, the same key as plain', () => {
    assert.equal(clientKey('198.51.100.7'), '198.51.100.7');
    assert.equal(clientKey('::ffff:198.51.100.7'), '198.51.100.7');
  });
  it('when IPv6, then its /56, so one household or customer is one client', () => {
    assert.equal(clientKey('2001:db8:1234:5678:9abc::1'), clientKey('2001:db8:1234:5601::2'));
    assert.notEqual(clientKey('2001:db8:1234:5678::1'), clientKey('2001:db8:1234:5778::1'));
  });
  it('when the address is unknown (a socket already closed), then one shared key', () => {
    assert.equal(clientKey(undefined), 'unknown');
  });
});

describe('pinClientAddress', () => {
  it('when req.ip is read more than once, then the address is worked out once per request', () => {
    let derivations = 0;
    const base = { get ip() { derivations += 1; return `203.0.113.${derivations}`; } };
    const app = { request: Object.create(base) as Request };
    pinClientAddress(app);
    const first = Object.create(app.request) as Request;
    const second = Object.create(app.request) as Request;
    assert.deepEqual([first.ip, first.ip, second.ip, second.ip, first.ip, derivations], ['203.0.113.1', '203.0.113.1', '203.0.113.2', '203.0.113.2', '203.0.113.1', 2]);
  });
  it('when the address cannot be known (a socket already closed), then it is not asked again', () => {
    let derivations = 0;
    const base = { get ip() { derivations += 1; return undefined; } };
    const app = { request: Object.create(base) as Request };
    pinClientAddress(app);
    const req = Object.create(app.request) as Request;
    assert.deepEqual([req.ip, req.ip, derivations], [undefined, undefined, 1]);
  });
});
