import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeUtf8, readYamlStream, toYamlStream } from '../../../../../functions/core/yaml/io.js';
import { parseYamlStream } from '../../../../../functions/core/yaml/parse.js';

describe('YAML in and out', () => {
  it('a stream is split into objects with their file and document index', () => {
    const p = parseYamlStream('a: 1\n---\n---\nb: 2\n', 'f.yaml');
    assert.deepEqual(p.objects, [{ a: 1 }, { b: 2 }]);
    assert.deepEqual(p.origins, [{ path: 'f.yaml', index: 0 }, { path: 'f.yaml', index: 2 }]);
  });

  it('a v1 List is flattened into its items', () => {
    const p = parseYamlStream('apiVersion: v1\nkind: List\nitems:\n- {kind: A}\n- {kind: B}\n', 'l.yaml');
    assert.deepEqual(p.objects.map((o) => o.kind), ['A', 'B']);
  });

  it('strings a YAML 1.1 reader would misread are quoted on output', () => {
    assert.equal(toYamlStream([{ a: 'yes', b: 'on', c: '0755', d: '1.0', e: 'null', f: 'plain' }]), 'a: "yes"\nb: "on"\nc: "0755"\nd: "1.0"\ne: "null"\nf: plain\n');
  });

  it('multi-line strings are written as block literals', () => {
    assert.equal(toYamlStream([{ data: '{\n  "a": 1\n}\n' }]), 'data: |\n  {\n    "a": 1\n  }\n');
  });

  it('an alias bomb is refused before it expands', () => {
    const bomb = `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`;
    assert.match(parseYamlStream(bomb, 'b.yaml').results[0]!.message, /alias bomb/);
  });

  it('a few aliases, as real manifests use, are fine', () => {
    assert.deepEqual(parseYamlStream('x: &l {app: a}\ny: *l\n', 'a.yaml').objects, [{ x: { app: 'a' }, y: { app: 'a' } }]);
  });

  it('duplicate keys are an error with the line', () => {
    assert.match(parseYamlStream('a: 1\na: 2\n', 'd.yaml').results[0]!.message, /Map keys must be unique at line 2/);
  });

  // [sentence, text, field named]
  for (const [name, text, field] of [
    ['an unquoted .inf is an error naming its field', 'kind: ConfigMap\ndata:\n  ratio: .inf\n', 'data.ratio'],
    ['an unquoted .nan in a list is an error naming its field', 'kind: X\nspec:\n  values: [1, .nan]\n', 'spec.values[1]'],
    ['an infinity under a key with dots is named in brackets', 'kind: X\nmetadata:\n  labels:\n    a.b/c: -.Inf\n', 'metadata.labels["a.b/c"]'],
  ] as const) {
    it(name, () => {
      const parsed = parseYamlStream(text, 'x.yaml');
      assert.equal(parsed.objects.length, 0);
      assert.equal(parsed.results.length, 1);
      assert.equal(parsed.results[0]!.field?.path, field);
      assert.match(parsed.results[0]!.message, /is not a number JSON can hold/);
      assert.deepEqual(parsed.results[0]!.file, { path: 'x.yaml', index: 0 });
    });
  }

  // [sentence, text, field named]: only an escape makes a lone surrogate, in YAML or JSON.
  for (const [name, text, field] of [
    ['a lone surrogate in a value is an error naming its field', 'kind: X\nmetadata:\n  annotations:\n    a.b/c: "\\ud800x"\n', 'metadata.annotations["a.b/c"]'],
    ['a lone surrogate in JSON, in a list, is an error naming its field', '{"kind": "X", "spec": {"args": ["ok", "x\\udfff"]}}\n', 'spec.args[1]'],
    ['a lone surrogate in a key is an error naming the mapping', 'kind: X\ndata:\n  "\\udbffk": v\n', 'data'],
  ] as const) {
    it(name, async () => {
      for (const parsed of [parseYamlStream(text, 'x.yaml'), await readYamlStream(text, 'x.yaml')]) {
        assert.equal(parsed.objects.length, 0);
        assert.equal(parsed.results.length, 1);
        assert.equal(parsed.results[0]!.field?.path, field);
        assert.match(parsed.results[0]!.message, /holds U\+D[89A-F][0-9A-F]{2}, half of a UTF-16 surrogate pair without the other half/);
      }
    });
  }

  it('a surrogate pair written as two escapes is one character, not an error', () => {
    assert.deepEqual(parseYamlStream('kind: X\na: "\\ud83d\\ude80"\n', 'x.yaml').objects, [{ kind: 'X', a: '🚀' }]);
  });

  // [sentence, text, the value of a]: go-yaml v3 (kustomize, kpt) writes U+2028 and U+2029 as
  // line breaks, which go-yaml reads back as the character; the yaml library alone reads the
  // indentation after them into the value.
  for (const [name, text, value] of [
    ['U+2028 in a single-quoted scalar, as kustomize writes it, is read as go-yaml reads it', "kind: X\na: 'x\u2028    y'\n", 'x\u2028y'],
    ['U+2029 in a literal, as kustomize writes it, is read as go-yaml reads it', 'kind: X\na: |-\n  a \u2029  b\n  c\n', 'a \u2029b\nc'],
    ['a literal with an indentation indicator keeps the spaces past its indentation', 'kind: X\na:\n- - |2-\n     lead\u2028     more\n', [[' lead\u2028 more']]],
    ['U+2028 in a key, as kustomize writes it', "kind: X\ndata:\n  ? 'k\u2028    y'\n  : v\na: 1\n", 1],
    ['an escaped U+2028 is a character, not a line break', 'kind: X\na: "p \\L q"\n', 'p \u2028 q'],
    ['a raw NEL is a line break, as go-yaml reads it', 'kind: X\na: "x\u0085  y"\n', 'x y'],
  ] as const) {
    it(name, () => {
      const parsed = parseYamlStream(text, 'x.yaml');
      assert.deepEqual(parsed.results, []);
      assert.deepEqual(parsed.objects[0]!.a, value);
      if (name.includes('key')) assert.deepEqual(Object.keys(parsed.objects[0]!.data as object), ['k\u2028y']);
    });
  }

  it('brackets and dashes inside strings do not count as nesting', () => {
    const parsed = parseYamlStream(`kind: X\ndata:\n  a: |\n    ${'-'.repeat(2100)}\n  b: ${JSON.stringify('['.repeat(1100))}\n`, 'x.yaml');
    assert.deepEqual(parsed.results, []);
    assert.equal(parsed.objects.length, 1);
  });

  it('invalid UTF-8 is refused', () => {
    assert.equal(decodeUtf8(new Uint8Array([0xc3, 0x28]), 'x').text, undefined);
    assert.equal(decodeUtf8(new TextEncoder().encode('é'), 'x').text, 'é');
  });
});

describe('readYamlStream, which loads the yaml library only when the fast reader hands over', () => {
  // [sentence, text]: what each path reads, and what it refuses, the same way.
  const cases: Array<[string, string]> = [
    ['block YAML, which the fast reader takes', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\nkind: B\n'],
    ['flow style and comments, which go to the library', '# a comment\n{apiVersion: v1, kind: List, items: [{kind: A}, {kind: B}]}\n'],
    ['anchors and aliases', 'x: &l {app: a}\ny: *l\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['broken YAML', 'a: [1, 2\n'],
    ['a document that is a list', '- a\n- b\n'],
    ['an unquoted .inf', 'kind: X\ndata:\n  ratio: .inf\n'],
    ['nesting deeper than the bound', `${'['.repeat(1500)}${']'.repeat(1500)}\n`],
  ];
  for (const [name, text] of cases) {
    it(`${name}: the same stream as parseYamlStream`, async () => assert.deepEqual(await readYamlStream(text, 'f.yaml'), parseYamlStream(text, 'f.yaml')));
  }
});
