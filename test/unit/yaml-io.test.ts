import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeUtf8, parseYamlStream, toYamlStream } from '../../functions/core/yaml-io.js';

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

  it('invalid UTF-8 is refused', () => {
    assert.equal(decodeUtf8(new Uint8Array([0xc3, 0x28]), 'x').text, undefined);
    assert.equal(decodeUtf8(new TextEncoder().encode('é'), 'x').text, 'é');
  });
});
