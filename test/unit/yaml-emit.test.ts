// The fast emitter must be read back as exactly the data it was given, by YAML 1.2 readers
// (the yaml library, kustomize's kyaml) and YAML 1.1 readers (client-go's sigs.k8s.io/yaml).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { emitYaml } from '../../functions/core/yaml-emit.js';

const tricky = fc.constantFrom(
  '', ' ', 'yes', 'No', 'on', 'OFF', 'y', '~', 'null', 'true', '0755', '0x1F', '1e3', '1_000', '1:20', '.inf', '-.5', '+1', '2001-12-14', '=', '<<',
  '- a', '? a', 'a: b', 'a #b', 'a:', ':a', '#x', '&a', '*a', '!tag', '|', '>', "'q'", '"q"', '%x', '@x', '`x', '[a]', '{a}', 'a,b',
  'trailing ', ' leading', 'tab\there', 'multi\nline', 'multi\nline\n', 'ends\n\n', '\nstarts', '  indented\nnext', 'crlf\r\n', 'nel\u0085x', 'ls\u2028x',
  'https://docs.example.com/a?b=c#d', 'contextcore.io/source', 'ünïcödé ✓', 'emoji 🚀', '\u0001ctrl', '{\n  "json": true\n}\n',
);
const str = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 20 }), tricky);
const scalar = fc.oneof(str, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? 0 : d)), fc.boolean(), fc.constant(null));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(str, tie('value'), { maxKeys: 5, noNullPrototype: true }),
})).object;

describe('YAML emitter', () => {
  it('YAML 1.2 and YAML 1.1 readers read back exactly what was written', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = emitYaml(value);
        assert.deepEqual(parse(text, { version: '1.2' }), value, text);
        assert.deepEqual(parse(text, { version: '1.1' }), value, text);
      }),
      { numRuns: 2000, seed: 42 },
    );
  });

  it('writes manifests in kubectl style', () => {
    assert.equal(
      emitYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: {} }, data: { 'x.json': '{\n  "a": 1\n}\n', list: [] }, items: [{ name: 'a', env: [{ name: 'B', value: '1' }] }, 'x'] }),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {}\ndata:\n  x.json: |\n    {\n      "a": 1\n    }\n  list: []\nitems:\n- name: a\n  env:\n  - name: B\n    value: "1"\n- x\n',
    );
  });
});
