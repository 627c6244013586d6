import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kptPipelineProblems } from '../../../../functions/app/index.js';
import { formatResult, type KubeObject } from '../../../../functions/core/index.js';

const kptfile = (...mutators: object[]): KubeObject => ({ apiVersion: 'kpt.dev/v1', kind: 'Kptfile', metadata: { name: 'pkg' }, pipeline: { mutators } } as KubeObject);
const OURS = { exec: 'contextcore fn' };
const SET_NAMESPACE = { image: 'gcr.io/kpt-fn/set-namespace:v0.4.1', configMap: { namespace: 'pay' } };

describe('a Kptfile pipeline around ContextCore', () => {
  const CASES: Array<[string, KubeObject[], string[]]> = [
    ['set-namespace before ContextCore is simply seen', [kptfile(SET_NAMESPACE, OURS)], []],
    [
      'set-namespace after ContextCore fails, naming both and the fix',
      [kptfile(OURS, { image: 'gcr.io/kpt-fn/set-labels:v0.2.0' }, SET_NAMESPACE)],
      ['error: Kptfile pkg: pipeline.mutators[2]: pipeline.mutators[2] (gcr.io/kpt-fn/set-namespace:v0.4.1) runs after ContextCore (pipeline.mutators[0]) and moves or renames the objects, so the generated selectors, record labels and dashboards would point where they are not; list it before ContextCore in pipeline.mutators'],
    ],
    ['a renaming exec function after the ContextCore image fails too', [kptfile({ image: 'ghcr.io/contextcore/contextcore-gitops:0.1.0' }, { exec: '/usr/local/bin/ensure-name-substring' })], ['error: Kptfile pkg: pipeline.mutators[1]: pipeline.mutators[1] (/usr/local/bin/ensure-name-substring) runs after ContextCore (pipeline.mutators[0]) and moves or renames the objects, so the generated selectors, record labels and dashboards would point where they are not; list it before ContextCore in pipeline.mutators']],
    ['labels after ContextCore move nothing', [kptfile(OURS, { image: 'gcr.io/kpt-fn/set-labels:v0.2.0' })], []],
    ['a pipeline without ContextCore is not ours to judge', [kptfile(SET_NAMESPACE)], []],
    ['no Kptfile, no pipeline', [], []],
  ];
  for (const [name, items, lines] of CASES) it(name, () => assert.deepEqual(kptPipelineProblems(items).map(formatResult), lines));
});
