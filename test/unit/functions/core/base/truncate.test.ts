import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emitYaml } from '../../../../../functions/core/yaml/emit.js';
import { truncate } from '../../../../../functions/core/base/truncate.js';
import { projectContext } from '../../../../fixtures.js';
import { expand } from '../../../../support/expand.js';

describe('truncate', () => {
  // [sentence, text, max, ellipsis, shortened]
  const cases: Array<[string, string, number, string, string]> = [
    ['text within the limit is kept', 'abc', 3, '…', 'abc'],
    ['longer text keeps its start and the ellipsis, max units in all', 'abcdef', 4, '…', 'abc…'],
    ['a longer ellipsis takes its length from the start', 'abcdef', 5, '...', 'ab...'],
    ['a cut between the halves of an emoji drops the whole emoji', 'ab🚀cd', 4, '…', 'ab…'],
    ['a cut after an emoji keeps it', 'ab🚀cd', 5, '…', 'ab🚀…'],
  ];
  for (const [name, text, max, ellipsis, want] of cases) {
    it(name, () => {
      assert.equal(truncate(text, max, ellipsis), want);
      assert.ok(want.isWellFormed());
    });
  }

  it('a validation message quoting a long value cut at an emoji is written as YAML (no lone surrogate)', () => {
    const out = expand({ resources: [projectContext({ business: { criticality: `${'x'.repeat(75)}🚀tail`, owner: 'team' } })] });
    const messages = out.results.map((r) => r.message).filter((m) => m.includes('xxxxx'));
    assert.ok(messages.length, JSON.stringify(out.results));
    for (const m of messages) assert.ok(m.isWellFormed(), m);
    assert.doesNotThrow(() => emitYaml({ results: out.results }));
  });
});
