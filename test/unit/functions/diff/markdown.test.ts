import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineDiff, MAX_EDIT_LENGTH } from '../../../../functions/diff/line-diff.js';
import { renderAffectedMarkdown, renderMarkdown } from '../../../../functions/diff/markdown.js';
import type { DiffReport, ResourceDiff } from '../../../../functions/diff/model.js';

function report(resources: ResourceDiff[], unchanged = 0): DiffReport {
  const count = (c: string) => resources.filter((r) => r.change === c).length;
  return {
    apiVersion: 'contextcore.io/v1',
    kind: 'ManifestDiff',
    version: 1,
    base: 'main:app',
    head: 'app',
    changed: resources.length > 0,
    counts: { added: count('added'), removed: count('removed'), changed: count('changed'), bookkeeping: count('bookkeeping'), unchanged },
    resources,
  };
}
const resource = (fields: ResourceDiff['fields'], extra: Partial<ResourceDiff> = {}): ResourceDiff => ({
  resource: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns', name: 'cm' },
  change: 'changed',
  highlights: [],
  fields,
  bookkeeping: [],
  ...extra,
});
const CHECKSUM = (c: string) => `sha256:${c.repeat(64)}`;

describe('diff: markdown', () => {
  it('no changes are said plainly', () => {
    assert.equal(renderMarkdown(report([], 7)), '### ContextCore: generated observability\n\nBase `main:app` → head `app`.\n\n**No changes**: the 7 rendered resources are the same on both sides.\n');
  });

  it('the affected apps: none is said plainly; else a line naming each (unchanged ones so marked), then each report', () => {
    assert.equal(renderAffectedMarkdown(['deploy', 'a`b'], []), '### ContextCore: generated observability\n\nNo app under `deploy`, ``a`b`` is affected by this change.\n');
    const changed = report([resource([{ op: 'replace', path: 'data.a', old: 'x', new: 'y' }])]);
    const same = report([], 3);
    assert.equal(
      renderAffectedMarkdown(['deploy'], [{ app: 'deploy/a', report: changed }, { app: 'deploy/b', report: same }]),
      ['**2 apps** under `deploy` affected by this change: `deploy/a`, `deploy/b` (no changes).', '', renderMarkdown(changed), renderMarkdown(same)].join('\n'),
    );
    assert.match(renderAffectedMarkdown(['.'], [{ app: 'x', report: same }]), /^\*\*1 app\*\* under `\.`/);
  });

  it('a short change is one line with the path and both values', () => {
    const md = renderMarkdown(report([resource([{ op: 'replace', path: 'data.a', old: 'x', new: 'y' }])]));
    assert.match(md, /\n- `data\.a`: `x` → `y`\n/);
    assert.match(md, /\| `ns\/cm` \| ConfigMap \| — \| changed \|/);
  });

  it('a multi-line change is a diff block of its lines', () => {
    const md = renderMarkdown(report([resource([{ op: 'replace', path: 'spec.expr', old: 'a\nb\nc', new: 'a\nB\nc' }])]));
    assert.ok(md.includes('- `spec.expr`:\n  ```diff\n    a\n  - b\n  + B\n    c\n  ```\n'), md);
  });

  it('a change between a string and a number quotes the string', () => {
    const md = renderMarkdown(report([resource([{ op: 'replace', path: 'spec.replicas', old: '4', new: 4 }])]));
    assert.ok(md.includes('- `spec.replicas`: `"4"` → `4`\n'), md);
  });

  it('a value with backticks is still one code span (padded when it ends with one)', () => {
    const md = renderMarkdown(report([resource([{ op: 'add', path: 'data.a', new: 'use `kubectl`' }])]));
    assert.ok(md.includes('- `data.a` added: `` use `kubectl` ``\n'), md);
  });

  it('a pipe in a table cell is escaped', () => {
    const md = renderMarkdown(report([resource([{ op: 'add', path: 'x', new: 1 }], { resource: { kind: 'ConfigMap', name: 'a|b' } })]));
    assert.match(md, /\| `a\\\|b` \|/);
  });

  it('highlights come first and fold the field changes away', () => {
    const md = renderMarkdown(report([resource([{ op: 'replace', path: 'spec.x', old: '1', new: '2' }], { highlights: [{ subject: 's', title: 'availability SLO', change: 'changed', attributes: [{ name: 'objective', old: '99.9%', new: '99.5%' }] }] })]));
    assert.ok(md.indexOf('- **availability SLO**: objective `99.9%` → `99.5%`') < md.indexOf('<details><summary>1 field change</summary>'), md);
  });

  it('checksum-only resources and checksum changes are summarised in one line', () => {
    const bk = [{ op: 'replace' as const, path: 'metadata.annotations["contextcore.io/source-checksum"]', old: CHECKSUM('a'), new: CHECKSUM('b') }];
    const md = renderMarkdown(report([resource([{ op: 'replace', path: 'x', old: 1, new: 2 }], { bookkeeping: bk }), resource([], { change: 'bookkeeping', bookkeeping: bk, resource: { kind: 'ServiceMonitor', namespace: 'ns', name: 'sm' } })]));
    assert.match(md, /\*\*Bookkeeping\*\* .*: source checksum `sha256:aaaaaaaaaaaa…` → `sha256:bbbbbbbbbbbb…` on 2 resources; nothing else changed on ServiceMonitor `ns\/sm`\.\n$/);
    assert.doesNotMatch(md, /\| `ns\/sm` \|/, 'a bookkeeping-only resource is not in the table');
  });

  const lines: Array<[string, string, string, string[]]> = [
    ['equal texts are all context', 'a\nb', 'a\nb', ['  a', '  b']],
    ['a replaced line is removed, then added', 'a\nb\nc', 'a\nx\nc', ['  a', '- b', '+ x', '  c']],
    ['an inserted line is only added', 'a\nc', 'a\nb\nc', ['  a', '+ b', '  c']],
    ['a dropped line is only removed', 'a\nb\nc', 'a\nc', ['  a', '- b', '  c']],
  ];
  for (const [name, a, b, expected] of lines) it(`line diff: ${name}`, () => assert.deepEqual(lineDiff(a, b), expected));

  const numbered = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
  it('line diff: unchanged lines far from a change are left out, each hunk headed by its line numbers', () => {
    const a = numbered(12);
    const b = [...a];
    b[1] = 'two';
    b[10] = 'eleven';
    assert.deepEqual(lineDiff(a.join('\n'), b.join('\n')), [
      '@@ -1,5 +1,5 @@', '  line 1', '- line 2', '+ two', '  line 3', '  line 4', '  line 5',
      '@@ -8,5 +8,5 @@', '  line 8', '  line 9', '  line 10', '- line 11', '+ eleven', '  line 12',
    ]);
  });

  it('a 20,000-line value with one changed line is reported as that line and its context, in a short block', () => {
    const a = numbered(20_000);
    const b = [...a];
    b[9_999] = 'changed';
    const md = renderMarkdown(report([resource([{ op: 'replace', path: 'data.big', old: a.join('\n'), new: b.join('\n') }])]));
    assert.ok(md.includes('  ```diff\n  @@ -9997,7 +9997,7 @@\n    line 9997\n    line 9998\n    line 9999\n  - line 10000\n  + changed\n    line 10001\n    line 10002\n    line 10003\n  ```\n'), md);
    assert.ok(md.length < 1_000, `${md.length} characters`);
  });

  it('line diff: past the edit limit, the value is all removed, then all added', () => {
    // Every tenth line is the same on both sides: matched line by line, it would be context.
    const side = MAX_EDIT_LENGTH;
    const [a, b] = [numbered(side, 'old'), numbered(side, 'new')].map((lines) => lines.map((l, i) => (i % 10 === 5 ? 'same' : l)));
    const d = lineDiff(['head', ...a!, 'tail'].join('\n'), ['head', ...b!, 'tail'].join('\n'));
    assert.deepEqual(d, [...['head', ...a!, 'tail'].map((l) => `- ${l}`), ...['head', ...b!, 'tail'].map((l) => `+ ${l}`)]);
  });
});
