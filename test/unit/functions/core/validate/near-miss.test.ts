import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closest, editDistance, nearMiss } from '../../../../../functions/core/validate/near-miss.js';
import { expand } from '../../../../support/expand.js';
import { deployment, projectContext, service } from '../../../../fixtures.js';

describe('near misses of our apiVersion and kind', () => {
  // [sentence, apiVersion, kind, field, message]
  const refused: Array<[string, string, string, string, RegExp]> = [
    ['a kind one letter short', 'contextcore.io/v1', 'ProjectContex', 'kind', /contextcore\.io\/v1 has no kind ProjectContex; did you mean ProjectContext\? Write kind: ProjectContext$/],
    ['the kind in lower case', 'contextcore.io/v1', 'projectcontext', 'kind', /did you mean ProjectContext\?/],
    ['the plural', 'contextcore.io/v1', 'ProjectContexts', 'kind', /did you mean ProjectContext\?/],
    ['the group without its domain', 'contextcore/v1', 'ProjectContext', 'apiVersion', /^a ProjectContext is contextcore\.io\/v1, not contextcore\/v1: write apiVersion: contextcore\.io\/v1$/],
    ['a version we do not serve', 'contextcore.io/v2', 'ProjectContext', 'apiVersion', /not contextcore\.io\/v2/],
    ['our kind in the core group', 'v1', 'ProjectContext', 'apiVersion', /not v1: write apiVersion: contextcore\.io\/v1/],
    ['the group in capitals', 'ContextCore.io/v1', 'ProjectContext', 'apiVersion', /not ContextCore\.io\/v1/],
    ['both a little off', 'contextcore.dev/v1', 'ProjectContxt', 'kind', /did you mean ProjectContext\? Write apiVersion: contextcore\.io\/v1 and kind: ProjectContext/],
    ['a kind our group does not have', 'contextcore.io/v1', 'Widget', 'kind', /contextcore\.io\/v1 has no kind Widget; ContextCore's kinds are ProjectContext \(contextcore\.io\/v1\) and ProjectContextExpander \(fn\.contextcore\.io\/v1alpha1\)/],
    ['the configuration one version off', 'fn.contextcore.io/v1', 'ProjectContextExpander', 'apiVersion', /a ProjectContextExpander is fn\.contextcore\.io\/v1alpha1/],
    ['the configuration kind misspelt', 'fn.contextcore.io/v1alpha1', 'ProjectContextExpandr', 'kind', /did you mean ProjectContextExpander\?/],
  ];
  for (const [sentence, apiVersion, kind, field, message] of refused) {
    it(`${sentence} (${apiVersion} ${kind}) is refused on ${field}`, () => {
      const miss = nearMiss(apiVersion, kind);
      assert.equal(miss?.field, field);
      assert.match(miss!.message, message);
    });
  }

  const passed: Array<[string, string, string]> = [
    ['our ProjectContext', 'contextcore.io/v1', 'ProjectContext'],
    ['our configuration', 'fn.contextcore.io/v1alpha1', 'ProjectContextExpander'],
    ['a Deployment', 'apps/v1', 'Deployment'],
    ["another product's kind two letters from ours", 'example.com/v1', 'ProjectContact'],
    ['an unrelated kind in a group that only looks like ours', 'contextcore.dev/v1', 'Widget'],
  ];
  for (const [sentence, apiVersion, kind] of passed) {
    it(`${sentence} (${apiVersion} ${kind}) passes`, () => assert.equal(nearMiss(apiVersion, kind), undefined));
  }

  it('the render refuses a near miss in every front end, naming the field', () => {
    const typo = { ...projectContext(), kind: 'ProjectContex' };
    const out = expand({ resources: [typo, deployment(), service()] });
    assert.equal(out.ok, false);
    assert.equal(out.results[0]!.field?.path, 'kind');
  });
});

describe('edit distance and suggestions', () => {
  it('counts a swap of two neighbours as one edit, and ignores case', () => {
    assert.equal(editDistance('availabiltiy', 'availability'), 1);
    assert.equal(editDistance('Owner', 'owner'), 0);
    assert.ok(editDistance('tier', 'value') > 2);
  });

  it('suggests the nearest known field within two edits, and nothing for a word far from all', () => {
    assert.equal(closest('availabilty', ['availability', 'latencyP99', 'errorBudget']), 'availability');
    assert.equal(closest('ownr', ['criticality', 'value', 'owner', 'costCenter']), 'owner');
    assert.equal(closest('tier', ['criticality', 'value', 'owner', 'costCenter']), undefined);
    assert.equal(closest('id', ['ip']), undefined, 'short words need an exact match');
  });
});
