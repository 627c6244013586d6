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
import { emitYaml } from '../functions/core/yaml/emit.js';
import { KUBECTL, runTool, scratch, skipWithout } from './orchestrators.js';
import { differences, jsonForGo, readByKubectl } from './support/go-read.js';
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

const stream = (objects: Obj[], write: (o: Obj) => string = emitYaml) => objects.map(write).join('---\n');

/** Which of the strings make a reader fail, by halving (a failure fails the whole file). */
function culprits(values: string[], fails: (values: string[]) => boolean): string[] {
  if (!fails(values)) return [];
  if (values.length === 1) return values;
  const half = values.length >> 1;
  return [...culprits(values.slice(0, half), fails), ...culprits(values.slice(half), fails)];
}

describe('the YAML writer read back by Go YAML', { skip }, () => {
  const dir = scratch('go-yaml');

  it(`kubectl (go-yaml v2) reads back ${strings.length} strings (${GENERATED} generated) exactly as written: values, annotations, keys, list items`, (t) => {
    const objects = objectsOf(strings);
    const read = readByKubectl(dir, stream(objects));
    if (!read.objects) {
      const bad = culprits(strings, (values) => !readByKubectl(dir, stream(objectsOf(values))).objects);
      assert.fail(`kubectl refused the writer's output of ${bad.map((s) => JSON.stringify(s)).join(', ')}:\n${read.stderr}`);
    }
    assert.deepEqual(differences(objects, read.objects), []);
    t.diagnostic(`${strings.length} strings, each as a value, an annotation, a key and a list item: kubectl read back every one as written`);
  });

  it(`kubectl (go-yaml v2) reads back ${DEEP} values nested 20 to 150 levels deep exactly as written`, () => {
    const objects = deepValues.map((v, i) => ({ apiVersion: 'example.com/v1', kind: 'Deep', metadata: { name: `deep-${i}` }, spec: { v } }));
    const read = readByKubectl(dir, stream(objects));
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
      writeFileSync(join(app, 'strings.yaml'), stream(objects, write));
      writeFileSync(join(app, 'kustomization.yaml'), 'resources:\n- strings.yaml\n');
      const r = kubectl(['kustomize', app]);
      assert.equal(r.code, 0, `kubectl kustomize (${name}): ${r.stderr.slice(-2000)}`);
      const read = readByKubectl(dir, r.stdout);
      assert.ok(read.objects, read.stderr);
      return read.objects;
    };
    const ours = build(emitYaml, 'ours');
    const json = build(jsonForGo, 'json');
    assert.deepEqual(differences(json, ours), [], 'kustomize read our YAML differently from the same strings in JSON');
    // What kustomize changes whatever its input (a `<<` key, taken for a merge) is kustomize's.
    const changedByKustomize = differences(objects, json, Infinity);
    t.diagnostic(`${carried.length} strings through kustomize, as values, keys and list items: read alike from our YAML and from JSON; kustomize itself changed ${changedByKustomize.length} of them whatever the input${changedByKustomize.length ? ` (${changedByKustomize.slice(0, 3).join('; ')})` : ''}`);
  });
});
