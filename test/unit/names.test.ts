import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dashboardUid, fitName, NameAllocator } from '../../functions/core/names.js';

describe('names', () => {
  it('a short name is used as it is', () => assert.equal(fitName(['checkout-api', 'slo']), 'checkout-api-slo'));

  it('a long name is cut to 63 characters with a hash of the full name', () => {
    const long = 'a'.repeat(80);
    const name = fitName([long, 'slo']);
    assert.equal(name.length, 63);
    assert.match(name, /^a+-[0-9a-f]{8}$/);
    assert.notEqual(fitName([long, 'slo']), fitName([`${long}b`, 'slo']));
  });

  it('a name taken by a user resource gets a suffix derived from the source', () => {
    const names = new NameAllocator(['ServiceMonitor/shop/checkout-api-contextcore']);
    const a = names.allocate('ServiceMonitor', 'shop', ['checkout-api', 'contextcore'], 'shop/checkout');
    assert.match(a, /^checkout-api-contextcore-[0-9a-f]{6}$/);
    assert.equal(new NameAllocator(['ServiceMonitor/shop/checkout-api-contextcore']).allocate('ServiceMonitor', 'shop', ['checkout-api', 'contextcore'], 'shop/checkout'), a);
  });

  it('two sources asking for the same name get different names', () => {
    const names = new NameAllocator([]);
    const a = names.allocate('PrometheusRule', 'shop', ['api', 'slo'], 'shop/one');
    const b = names.allocate('PrometheusRule', 'shop', ['api', 'slo'], 'shop/two');
    assert.equal(a, 'api-slo');
    assert.notEqual(a, b);
  });

  it('dashboard uids are readable, at most 40 characters and distinct', () => {
    assert.equal(dashboardUid('shop', 'checkout'), 'cc-shop-checkout');
    const long1 = dashboardUid('a-very-long-namespace-name', 'and-a-very-long-context-name-one');
    const long2 = dashboardUid('a-very-long-namespace-name', 'and-a-very-long-context-name-two');
    assert.ok(long1.length <= 40 && long2.length <= 40);
    assert.notEqual(long1, long2);
    assert.match(long1, /^[a-z0-9-]+$/);
  });
});
