// The fast emitter must be read back as exactly the data it was given, by YAML 1.2 readers
// (the yaml library, kustomize's kyaml) and YAML 1.1 readers (client-go's sigs.k8s.io/yaml).
// Go's readers themselves (kubectl, kustomize) read it back in test/yaml-go-readers.test.ts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { emitYaml } from '../../../../../functions/core/yaml/emit.js';
import { fastReadYaml } from '../../../../../functions/core/yaml/fast-read.js';
import { deepValue, GO_NUMBERS, hostileString } from '../../../../support/yaml-strings.js';

const tricky = fc.constantFrom(
  '', ' ', 'yes', 'No', 'on', 'OFF', 'y', '~', 'null', 'true', '0755', '0x1F', '1e3', '1_000', '1:20', '.inf', '-.5', '+1', '2001-12-14', '=', '<<',
  '- a', '? a', 'a: b', 'a #b', 'a:', ':a', '#x', '&a', '*a', '!tag', '|', '>', "'q'", '"q"', '%x', '@x', '`x', '[a]', '{a}', 'a,b',
  'trailing ', ' leading', 'tab\there', 'multi\nline', 'multi\nline\n', 'ends\n\n', '\nstarts', '  indented\nnext', 'crlf\r\n', 'nel\u0085x', 'ls\u2028x',
  'https://docs.example.com/a?b=c#d', 'contextcore.io/source', 'ünïcödé ✓', 'emoji 🚀', '\u0001ctrl', '{\n  "json": true\n}\n',
);
const str = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 20 }), tricky, hostileString);
const scalar = fc.oneof(str, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? 0 : d)), fc.boolean(), fc.constant(null));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(str, tie('value'), { maxKeys: 5, noNullPrototype: true }),
})).object;

function readsBack(value: unknown): void {
  const text = emitYaml(value);
  assert.deepEqual(parse(text, { version: '1.2' }), value, text);
  assert.deepEqual(parse(text, { version: '1.1' }), value, text);
  const fast = fastReadYaml(text);
  if (fast) assert.deepEqual(fast, [value], text);
}

describe('YAML emitter', () => {
  it('YAML 1.2 and YAML 1.1 readers read back exactly what was written (3,000 values)', () => {
    fc.assert(fc.property(json, readsBack), { numRuns: 3000, seed: 42 });
  });

  it('deeply nested values, 20 to 150 levels of mappings and lists, read back exactly (500 values)', () => {
    fc.assert(fc.property(deepValue, (v) => readsBack({ v })), { numRuns: 500, seed: 23 });
  });

  it('writes manifests in kubectl style', () => {
    assert.equal(
      emitYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: {} }, data: { 'x.json': '{\n  "a": 1\n}\n', list: [] }, items: [{ name: 'a', env: [{ name: 'B', value: '1' }] }, 'x'] }),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {}\ndata:\n  x.json: |\n    {\n      "a": 1\n    }\n  list: []\nitems:\n- name: a\n  env:\n  - name: B\n    value: "1"\n- x\n',
    );
  });

  // [sentence, value of `k`, what is written]
  const cases: Array<[string, string, string]> = [
    ...GO_NUMBERS.map((v): [string, string, string] => [`${v}, a number to go-yaml (kubectl, kustomize, Argo CD), is quoted`, v, `k: "${v}"\n`]),
    ['a hex float, a string to go-yaml and YAML 1.2, stays plain', '0x1p3', 'k: 0x1p3\n'],
    ['a string of a space and a line break is quoted: a literal line of spaces is dropped by the yaml library', ' \n', 'k: " \\n"\n'],
    ['a string of a line break and a space is quoted', '\n ', 'k: "\\n "\n'],
    ['a string whose last line is spaces is quoted', ' a\n ', 'k: " a\\n "\n'],
    ['a line of spaces inside a string is quoted too (go-yaml writes no literal with one)', 'a\n \nb', 'k: "a\\n \\nb"\n'],
    ['a multi-line string whose first line starts with a tab is quoted: go-yaml fails on it in a literal without an indentation indicator, and kustomize drops the indicator', '\tx\ny', 'k: "\\tx\\ny"\n'],
    ['a tab starting a later line stays in a literal', 'x\n\ty\n', 'k: |\n  x\n  \ty\n'],
    ['characters go-yaml refuses raw are escaped', 'a\u007fb\u0085c\u009fd\ufeffe\ufffef\uffffg\u2028h', 'k: "a\\u007fb\\u0085c\\u009fd\\ufeffe\\ufffef\\uffffg\\u2028h"\n'],
    ['a multi-line string holding U+FFFE is quoted, not a literal', 'a\n\ufffe', 'k: "a\\n\\ufffe"\n'],
    ['a string starting like a document end is quoted', '... x', 'k: "... x"\n'],
    ['a Unicode space at the end is kept by quoting', 'value\u00a0', 'k: "value\u00a0"\n'],
  ];
  for (const [name, value, text] of cases) {
    it(name, () => {
      assert.equal(emitYaml({ k: value }), text);
      readsBack({ k: value, [value]: value, list: [value] });
    });
  }

  it('a key longer than 1024 characters, too long for an implicit key, is written as an explicit ? entry', () => {
    const key = 'k'.repeat(1100);
    const value = { [key]: 'v', [`${key}2`]: ['x', { y: 1 }], [`${key}3`]: { [key]: 'deep' }, list: [{ [key]: 'in a list', b: 2 }] };
    assert.equal(emitYaml({ [key]: 'v' }), `? ${key}\n: v\n`);
    readsBack(value);
  });

  it('a lone surrogate is a bug here (the readers refuse it with a result): writing it throws instead of writing U+FFFD', () => {
    for (const v of ['\ud800x', 'x\udc00', '\udbff']) {
      assert.throws(() => emitYaml({ k: v }), new RegExp(`lone surrogate as YAML: ${JSON.stringify(v).replace(/\\/g, '\\\\')}`));
      assert.throws(() => emitYaml({ [v]: 1 }), /lone surrogate/);
    }
    assert.equal(emitYaml({ k: '🚀\ud83d\ude80' }), 'k: 🚀🚀\n', 'a pair is one character');
  });
});
