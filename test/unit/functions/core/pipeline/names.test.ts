import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DASHBOARD_UID_MAX, DASHBOARD_UID_PREFIX } from '../../../../../functions/core/conventions/index.js';
import { dashboardUid, fitName, NameAllocator, shortHash } from '../../../../../functions/core/pipeline/names.js';

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
    assert.equal(dashboardUid('reporting', 'batch-reports'), 'cc-reporting-batch-reports');
    const long1 = dashboardUid('a-very-long-namespace-name', 'and-a-very-long-context-name-one');
    const long2 = dashboardUid('a-very-long-namespace-name', 'and-a-very-long-context-name-two');
    assert.ok(long1.length <= DASHBOARD_UID_MAX && long2.length <= DASHBOARD_UID_MAX);
    assert.notEqual(long1, long2);
    assert.match(long1, /^cc-[a-z0-9-]+-[0-9a-f]{8}$/);
  });

  const colliding: Array<[string, [string, string], [string, string]]> = [
    ['a dash in the namespace or in the name', ['team-a', 'billing'], ['team', 'a-billing']],
    ['a dot or a dash in the name', ['shop', 'check.out'], ['shop', 'check-out']],
    ['a name that ends like the hash of another context', ['team-a', 'billing'], ['team', `a-billing-${shortHash('team-a/billing')}`]],
  ];
  for (const [why, a, b] of colliding) {
    it(`contexts whose namespace and name flatten to the same text get different uids: ${why}`, () => {
      assert.notEqual(dashboardUid(...a), dashboardUid(...b));
      for (const uid of [dashboardUid(...a), dashboardUid(...b)]) assert.match(uid, /^cc-[a-z0-9-]{1,37}$/);
    });
  }

  it('a uid is readable only when no other context can flatten to it; otherwise it carries a hash', () => {
    assert.equal(dashboardUid('team', 'a-billing'), 'cc-team-a-billing');
    assert.equal(dashboardUid('team-a', 'billing'), `cc-team-a-billing-${shortHash('team-a/billing')}`);
    assert.equal(dashboardUid('shop', 'check-out'), 'cc-shop-check-out');
    assert.equal(dashboardUid('shop', 'check.out'), `cc-shop-check-out-${shortHash('shop/check.out')}`);
  });

  it('every pair of namespace and name built from dashes, dots and hash-like parts gets its own uid', () => {
    const namespaces = ['a', 'b', 'a-b', 'b-a', 'a-b-a', 'ab', '0123abcd', 'a-0123abcd'];
    const names = [...namespaces, 'a.b', 'a-b.a', 'b.a-b', 'a--b'];
    const seen = new Map<string, string>();
    for (const ns of namespaces) {
      for (const name of names) {
        const uid = dashboardUid(ns, name);
        assert.ok(uid.length <= DASHBOARD_UID_MAX && uid.startsWith(DASHBOARD_UID_PREFIX), uid);
        assert.equal(seen.get(uid), undefined, `${ns}/${name} and ${seen.get(uid)} share ${uid}`);
        seen.set(uid, `${ns}/${name}`);
      }
    }
  });
});
