// The PromQL grammar is loaded only for input that reads PromQL (functions/core/promql/load.ts):
// which input that is, and that the core crashes rather than guess when a front end forgets it.
// What a run of the bundle loads: test/bundle-loading.test.ts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expand, needsPromql, promqlFor } from '../../../../../functions/core/index.js';
import { deployment, projectContext, service } from '../../../../fixtures.js';

const customSli = { observability: { sli: { preset: 'custom', errorQuery: 'sum(rate(errors_total{{{selector}}}[{{window}}]))', totalQuery: 'sum(rate(requests_total{{{selector}}}[{{window}}]))' } } };
const rule = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'mine', namespace: 'shop' }, spec: { groups: [] } };

describe('which input needs the PromQL grammar', () => {
  const cases: Array<[string, unknown[], boolean]> = [
    ['no resources', [], false],
    ['a ProjectContext on a preset, its Deployment and Service', [projectContext(), deployment(), service()], false],
    ['a ProjectContext with its own SLI queries', [projectContext(customSli), deployment()], true],
    ['a ProjectContext with only an errorQuery (an error the validation reports, after parsing it)', [projectContext({ observability: { sli: { errorQuery: 'x' } } })], true],
    ['a user PrometheusRule beside a context', [projectContext(), deployment(), rule], true],
    ['items that are not objects', [null, 3, 'text', []], false],
  ];
  for (const [name, resources, expected] of cases) {
    it(`${name}: ${expected ? 'needs it' : 'does not'}`, async () => {
      assert.equal(needsPromql(resources), expected);
      const options = await promqlFor(resources);
      assert.equal('promql' in options, expected);
      if (options.promql) assert.equal(options.promql.parse('up{job="a"}').topNode.name, 'PromQL');
    });
  }
});

describe('expand without the grammar', () => {
  it('renders input that needs none', () => {
    assert.ok(expand({ resources: [projectContext(), deployment(), service()] }).ok);
  });

  it('crashes on input that needs it (a front end bug, not a user problem), naming promqlFor', () => {
    assert.throws(() => expand({ resources: [projectContext(customSli), deployment()] }), /given no parser: the front end must pass promqlFor/);
    assert.throws(() => expand({ resources: [projectContext(), deployment(), service(), { ...rule, spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up{job="checkout-api"} == 0' }] }] } }] }), /given no parser/);
  });
});
