import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, parseTrustProxy } from './config.ts';

describe('parseTrustProxy', () => {
  it('when unset or empty, then trust no proxy', () => {
    assert.equal(parseTrustProxy(undefined), false);
    assert.equal(parseTrustProxy(''), false);
  });
  it('when a hop count, then that number', () => {
    assert.equal(parseTrustProxy('2'), 2);
  });
  it('when addresses and subnets, then the list', () => {
    assert.deepEqual(parseTrustProxy('10.0.0.0/8, 192.168.1.10,fd00::/8,loopback'), ['10.0.0.0/8', '192.168.1.10', 'fd00::/8', 'loopback']);
  });
  it('when true or garbage, then refused', () => {
    for (const value of ['true', 'yes', '10.0.0.0/33', '1.2.3']) assert.throws(() => parseTrustProxy(value), /TRUST_PROXY/, value);
  });
});

describe('loadConfig', () => {
  it('when nothing is set, then the documented defaults', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.rateLimitPerMinute, 30);
    assert.equal(config.trustProxy, false);
    assert.equal(config.databaseUrl, undefined);
    assert.ok(Object.isFrozen(config));
  });
  it('when a setting is invalid, then start-up fails naming it', () => {
    assert.throws(() => loadConfig({ RATE_LIMIT_PER_MINUTE: 'lots' }), /RATE_LIMIT_PER_MINUTE/);
  });
});
