import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANNOTATION_PLAN_CHECKSUM, PLAN_DATA_KEY } from '../../../../../functions/core/conventions/index.js';
import { planChecksum } from '../../../../../functions/core/delivery/plan-checksum.js';
import { expand } from '../../../../support/expand.js';
import { config, deployment, expandOk, generatedOf, projectContext, service } from '../../../../fixtures.js';

type Obj = Record<string, any>;

const contextOf = (out: ReturnType<typeof expandOk>) => out.resources.find((r) => r.kind === 'ProjectContext') as Obj | undefined;
const stampOf = (out: ReturnType<typeof expandOk>) => contextOf(out)?.metadata.annotations?.[ANNOTATION_PLAN_CHECKSUM];
const base = (annotations?: Record<string, string>) => [projectContext({}, annotations ? { annotations } : {}), deployment(), service()];

describe('plan-stamp step: the plan checksum on the ProjectContext', () => {
  it('with the PostSync hook, the kept ProjectContext carries the checksum of its plan ConfigMap’s plan', () => {
    const out = expandOk([...base(), config({ hook: { enabled: true } })]);
    const plan = JSON.parse(generatedOf(out, 'ConfigMap').find((c: Obj) => c.metadata.name === 'checkout-plan').data[PLAN_DATA_KEY]);
    assert.equal(stampOf(out), planChecksum(plan));
  });

  it('with only the gate, it is stamped too', () => {
    assert.match(stampOf(expandOk([...base(), config({ gate: { enabled: true } })])), /^sha256:[0-9a-f]{64}$/);
  });

  it('without a hook there is no stamp, and a stale one from an earlier render is removed', () => {
    assert.equal(stampOf(expandOk(base())), undefined);
    const out = expandOk(base({ [ANNOTATION_PLAN_CHECKSUM]: 'sha256:old', keep: 'me' }));
    assert.deepEqual(contextOf(out)!.metadata.annotations, { keep: 'me' });
  });

  it('is idempotent: expanding the output again gives the same stamp', () => {
    const once = expandOk([...base(), config({ hook: { enabled: true } })]);
    const twice = expand({ resources: [...once.resources, config({ hook: { enabled: true } })] });
    assert.ok(twice.ok);
    assert.equal(stampOf(twice), stampOf(once));
  });

  it('another render of the same spec (a config change) gets another stamp; the spec checksum stays', () => {
    const a = expandOk([...base(), config({ hook: { enabled: true } })]);
    const b = expandOk([...base(), config({ hook: { enabled: true }, environment: 'staging' })]);
    assert.notEqual(stampOf(a), stampOf(b));
    const checksum = (o: typeof a) => JSON.parse(generatedOf(o, 'ConfigMap').find((c: Obj) => c.metadata.name === 'checkout-plan').data[PLAN_DATA_KEY]).context.checksum;
    assert.equal(checksum(a), checksum(b));
  });

  it('a dropped ProjectContext (keepProjectContext: false) is not stamped', () => {
    assert.equal(contextOf(expandOk([...base(), config({ hook: { enabled: true }, keepProjectContext: false })])), undefined);
  });
});
