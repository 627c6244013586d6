// The YAML writer read back by the Go YAML readers that read our output where it is used:
// kubectl (sigs.k8s.io/yaml over go-yaml v2, as client-go and Argo CD read manifests) and
// kustomize (kyaml over go-yaml v3, as kpt). Thousands of generated strings go into one file, so
// each reader runs once: number-, boolean-, null-, date- and sexagesimal-looking strings, Unicode
// spaces, lines of spaces, tabs, control characters, YAML indicators, as values, keys and items.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { emitYaml } from '../functions/core/yaml-emit.js';
import { KUBECTL, runTool, scratch, skipWithout } from './orchestrators.js';
import { deepValue, HOSTILE_STRINGS, hostileString } from './support/yaml-strings.js';

const skip = skipWithout(KUBECTL, 'kubectl', 'the YAML writer is read back by Go YAML (go-yaml v2 through kubectl, v3 through its kustomize)');

type Obj = Record<string, any>;

const GENERATED = 3000;
const strings = [...new Set([...HOSTILE_STRINGS, ...fc.sample(hostileString, { numRuns: GENERATED, seed: 23 })])];
const DEEP = 300;
const deepValues = fc.sample(deepValue, { numRuns: DEEP, seed: 29 });

/** The strings as ConfigMap data and annotations, keys of a map, list items, and inside lists of maps. */
function objectsOf(values: readonly string[], annotations = true): Obj[] {
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'values', ...(annotations ? { annotations: Object.fromEntries(values.map((s, i) => [`example.com/a${i}`, s])) } : {}) }, data: Object.fromEntries(values.map((s, i) => [`v${i}`, s])) },
    { apiVersion: 'example.com/v1', kind: 'Strings', metadata: { name: 'keys-and-items' }, spec: { keys: Object.fromEntries(values.map((s, i) => [s, i])), items: values, nested: values.map((s) => [{ s }]) } },
  ];
}

const kubectl = (args: string[]) => runTool(KUBECTL!, args);

/** kubectl's JSON of every object in a file, read by sigs.k8s.io/yaml (no cluster: --local). */
function readByKubectl(file: string): { objects?: Obj[]; stderr: string } {
  const r = kubectl(['annotate', '--local', '-f', file, '-o', 'json', 'contextcore.io/probe=1']);
  if (r.code !== 0) return { stderr: r.stderr };
  // One pretty-printed object after another: each starts with `{` at the start of a line.
  const objects = r.stdout.split(/\n(?=\{)/).map((o) => JSON.parse(o) as Obj);
  for (const o of objects) delete o.metadata.annotations?.['contextcore.io/probe'];
  for (const o of objects) if (o.metadata.annotations && !Object.keys(o.metadata.annotations).length) delete o.metadata.annotations;
  return { objects, stderr: r.stderr };
}

function writeStream(dir: string, name: string, objects: Obj[], write: (o: Obj) => string = emitYaml): string {
  const file = join(dir, name);
  writeFileSync(file, objects.map(write).join('---\n'));
  return file;
}

/** Which of the strings make a reader fail, by halving (a failure fails the whole file). */
function culprits(values: string[], fails: (values: string[]) => boolean): string[] {
  if (!fails(values)) return [];
  if (values.length === 1) return values;
  const half = values.length >> 1;
  return [...culprits(values.slice(0, half), fails), ...culprits(values.slice(half), fails)];
}

/** Where two objects differ, each difference as `path: want → got` (at most `limit`). */
function differences(want: unknown, got: unknown, path = '', out: string[] = [], limit = 20): string[] {
  if (out.length >= limit) return out;
  if (want && got && typeof want === 'object' && typeof got === 'object' && Array.isArray(want) === Array.isArray(got)) {
    for (const k of new Set([...Object.keys(want), ...Object.keys(got)])) differences((want as Obj)[k], (got as Obj)[k], `${path}/${JSON.stringify(k)}`, out, limit);
  } else if (!Object.is(want, got)) {
    out.push(`${path}: ${JSON.stringify(want)} → ${JSON.stringify(got)}`);
  }
  return out;
}

/** JSON with every character go-yaml refuses raw written as an escape: YAML that owes nothing to our writer. */
const escapedJson = (o: Obj) => `${JSON.stringify(o).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;

describe('the YAML writer read back by Go YAML', { skip }, () => {
  const dir = scratch('go-yaml');

  it(`kubectl (go-yaml v2) reads back ${strings.length} strings (${GENERATED} generated) exactly as written: values, annotations, keys, list items`, (t) => {
    const objects = objectsOf(strings);
    const read = readByKubectl(writeStream(dir, 'strings.yaml', objects));
    if (!read.objects) {
      const bad = culprits(strings, (values) => !readByKubectl(writeStream(dir, 'part.yaml', objectsOf(values))).objects);
      assert.fail(`kubectl refused the writer's output of ${bad.map((s) => JSON.stringify(s)).join(', ')}:\n${read.stderr}`);
    }
    assert.deepEqual(differences(objects, read.objects), []);
    t.diagnostic(`${strings.length} strings, each as a value, an annotation, a key and a list item: kubectl read back every one as written`);
  });

  it(`kubectl (go-yaml v2) reads back ${DEEP} values nested 20 to 150 levels deep exactly as written`, () => {
    const objects = deepValues.map((v, i) => ({ apiVersion: 'example.com/v1', kind: 'Deep', metadata: { name: `deep-${i}` }, spec: { v } }));
    const read = readByKubectl(writeStream(dir, 'deep.yaml', objects));
    assert.ok(read.objects, read.stderr);
    assert.deepEqual(differences(objects, read.objects), []);
  });

  it(`kustomize (kyaml, go-yaml v3) reads the writer's output of the strings as it reads the same strings in JSON`, (t) => {
    // kustomize refuses these whatever it reads them from ("yaml: control characters are not
    // allowed", when it writes them back raw and reads its own output).
    const carried = strings.filter((s) => !/[\u007f-\u009f\ufffe\uffff]/.test(s));
    // No annotations: kustomize rewrites them through go-yaml v3, which writes a multi-line value
    // starting with a tab as a literal it cannot read back, whoever wrote the block YAML it read
    // (a hand-written `a: "\tx\ny"` annotation fails alike; JSON input, in flow style, does not).
    const objects = objectsOf(carried, false);
    const build = (write: (o: Obj) => string, name: string) => {
      const app = join(dir, name);
      mkdirSync(app, { recursive: true });
      writeStream(app, 'strings.yaml', objects, write);
      writeFileSync(join(app, 'kustomization.yaml'), 'resources:\n- strings.yaml\n');
      const r = kubectl(['kustomize', app]);
      assert.equal(r.code, 0, `kubectl kustomize (${name}): ${r.stderr.slice(-2000)}`);
      writeFileSync(join(dir, `${name}.out.yaml`), r.stdout);
      const read = readByKubectl(join(dir, `${name}.out.yaml`));
      assert.ok(read.objects, read.stderr);
      return read.objects;
    };
    const ours = build((o) => emitYaml(o), 'ours');
    const json = build(escapedJson, 'json');
    assert.deepEqual(differences(json, ours), [], 'kustomize read our YAML differently from the same strings in JSON');
    // What kustomize changes whatever its input (a `<<` key, taken for a merge) is kustomize's.
    const changedByKustomize = differences(objects, json, '', [], Infinity);
    t.diagnostic(`${carried.length} strings through kustomize, as values, keys and list items: read alike from our YAML and from JSON; kustomize itself changed ${changedByKustomize.length} of them whatever the input${changedByKustomize.length ? ` (${changedByKustomize.slice(0, 3).join('; ')})` : ''}`);
  });
});
