// A ProjectContext's metadata, checked as the API server checks every object's (apimachinery's
// ValidateObjectMeta). The validation parity table holds these to real API servers; here, the
// messages and paths, and the edges a table row does not show.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { objectMetaProblems, qualifiedNameProblem } from '../../../../../functions/core/validate/object-meta.js';

const md = (more: Record<string, unknown>) => ({ name: 'checkout', namespace: 'shop', ...more });

describe('metadata of a ProjectContext', () => {
  const cases: Array<[string, unknown, Array<[string, RegExp]>]> = [
    ['a name and a namespace are enough', md({}), []],
    ['no metadata at all is a missing field', undefined, [['metadata', /required field is missing/]]],
    ['metadata that is there but no map is not called missing: the schema names its type', 'oops', []],
    ['null metadata is not called missing either: the schema says it must be an object', null, []],
    ['a name with capitals is not a DNS subdomain', md({ name: 'Checkout' }), [['metadata.name', /"Checkout" is not a valid name/]]],
    ['a namespace with a dot is not a DNS label', md({ namespace: 'shop.eu' }), [['metadata.namespace', /"shop.eu" is not a valid namespace/]]],
    ['a field ObjectMeta does not have is unknown', md({ owner: 'x' }), [['metadata.owner', /unknown field "owner"/]]],
    ['a label key with a space names the key', md({ labels: { 'team name': 'x' } }), [['metadata.labels["team name"]', /label key "team name" must be at most 63 characters/]]],
    ['a label key prefix must be a lower-case DNS subdomain', md({ labels: { 'Example.com/team': 'x' } }), [['metadata.labels["Example.com/team"]', /has a prefix that is not a lower-case DNS-1123 subdomain/]]],
    ['a label key with two slashes', md({ labels: { 'a/b/c': 'x' } }), [['metadata.labels["a/b/c"]', /at most one "\/"/]]],
    ['an empty label value is allowed', md({ labels: { team: '' } }), []],
    ['a label value of 64 characters is too long', md({ labels: { team: 'a'.repeat(64) } }), [['metadata.labels.team', /label value "a+" must be at most 63 characters/]]],
    ['a label value that is a number must be quoted', md({ labels: { replicas: 3 } }), [['metadata.labels.replicas', /must be a string, not number; quote it/]]],
    ['labels that are a list are not a map', md({ labels: ['a'] }), [['metadata.labels', /must be a map of strings/]]],
    ['annotation keys are checked lower-cased, as the API server does', md({ annotations: { 'Example.com/Owner': 'x' } }), []],
    ['annotation values may hold anything', md({ annotations: { note: 'Shop team, room 4 — ☎ 12' } }), []],
    ['annotations over 256 KiB, counted in UTF-8 bytes', md({ annotations: { n: 'é'.repeat(131_072) } }), [['metadata.annotations', /annotations take 262145 bytes; at most 262144 are allowed/]]],
    ['a finalizer without a domain is allowed (1.32 only warns)', md({ finalizers: ['cleanup'] }), []],
    ['a finalizer with a space is not a qualified name', md({ finalizers: ['clean up'] }), [['metadata.finalizers[0]', /finalizer "clean up" must be at most 63 characters/]]],
    ['orphan and foregroundDeletion contradict each other', md({ finalizers: ['orphan', 'foregroundDeletion'] }), [['metadata.finalizers', /cannot both be set/]]],
  ];
  for (const [name, metadata, expected] of cases) {
    it(name, () => {
      const problems = objectMetaProblems(metadata);
      assert.deepEqual(problems.map((p) => p.path), expected.map(([path]) => path), JSON.stringify(problems));
      problems.forEach((p, i) => assert.match(p.message, expected[i]![1]));
    });
  }

  it('a qualified name may have a DNS subdomain prefix and a name of at most 63 characters', () => {
    assert.equal(qualifiedNameProblem(`example.com/${'a'.repeat(63)}`), undefined);
    assert.match(qualifiedNameProblem(`example.com/${'a'.repeat(64)}`)!, /after the prefix/);
    assert.match(qualifiedNameProblem('-x')!, /starting and ending with a letter or digit/);
  });
});
