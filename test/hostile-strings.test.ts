// Users' values through the whole chain, byte for byte: hostile but valid strings in annotations,
// env values, args, ConfigMap data and configMapGenerator literals go through `kubectl kustomize`
// then `contextcore render -`, and through `kpt fn source` then `contextcore fn`, and kubectl (Go
// YAML, what applies the output) and the yaml library must read from our output exactly what they
// read from kustomize's and kpt's. Lone surrogates, which no YAML a Kubernetes tool reads can
// carry, are refused with a result naming the field.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { deployment, projectContext } from './fixtures.js';
import { runCli } from './helpers.js';
import { KPT, KUBECTL, runTool, scratch, skipWithout } from './orchestrators.js';
import { differences, jsonForGo, readByKubectl } from './support/go-read.js';
import { GO_NUMBERS, HOSTILE_STRINGS, hostileString, NOT_STRINGS_WHEN_PLAIN, UNICODE_SPACES } from './support/yaml-strings.js';

type Obj = Record<string, any>;

const skip = skipWithout(KUBECTL, 'kubectl', 'hostile strings go through kubectl kustomize and are read back by kubectl');
const skipKpt = skip || skipWithout(KPT, 'kpt', 'hostile strings go through kpt fn source into contextcore fn');

// kustomize and kpt refuse U+007F-U+009F, U+FFFE and U+FFFF whatever their input ("control
// characters are not allowed", reading back what they write raw); the rest is the test's.
const strings = [...new Set([...HOSTILE_STRINGS, ...fc.sample(hostileString, { numRuns: 300, seed: 31 })])].filter((s) => !/[\u007f-\u009f\ufffe\uffff]/.test(s));
// Generator literals are `key=value` lines: the issue's `a=value\u00a0` and its kin, one line each.
const literals = [...UNICODE_SPACES.map((c) => `value${c}`), ...GO_NUMBERS, ...NOT_STRINGS_WHEN_PLAIN.filter((s) => s && !/^["']/.test(s))];

/** The app: a Deployment (annotations, env, args), a ConfigMap and the ProjectContext that targets the Deployment. */
function appObjects(): Obj[] {
  const d: Obj = deployment({ name: 'hostile', namespace: 'shop', labels: { app: 'hostile' } });
  d.metadata.annotations = Object.fromEntries(strings.map((s, i) => [`hostile.example.com/s${i}`, s]));
  d.spec.template.spec.containers[0].env = strings.map((s, i) => ({ name: `HOSTILE_${i}`, value: s }));
  d.spec.template.spec.containers[0].args = strings;
  return [
    d,
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hostile-data', namespace: 'shop' }, data: Object.fromEntries(strings.map((s, i) => [`s${i}`, s])) },
    // No Service: the strings are the point here, so the context opts out of SLO rules.
    projectContext({ targets: [{ kind: 'Deployment', name: 'hostile' }], observability: { sli: { preset: 'none' } } }, { name: 'hostile', namespace: 'shop' }),
  ];
}

function writeApp(dir: string, kustomization: boolean): string {
  mkdirSync(dir, { recursive: true });
  appObjects().forEach((o, i) => writeFileSync(join(dir, `r${i}.yaml`), jsonForGo(o)));
  if (kustomization) {
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      jsonForGo({ resources: ['r0.yaml', 'r1.yaml', 'r2.yaml'], configMapGenerator: [{ name: 'literals', namespace: 'shop', literals: literals.map((v, i) => `l${i}=${v}`) }] }),
    );
  }
  return dir;
}

/** kubectl's reading of a YAML stream: it must read it. */
function kubectlRead(dir: string, text: string): Obj[] {
  const read = readByKubectl(dir, text);
  assert.ok(read.objects, `kubectl read the stream:\n${read.stderr.slice(-3000)}`);
  return read.objects;
}

const libraryRead = (text: string): Obj[] => parseAllDocuments(text).map((d) => d.toJS() as Obj).filter(Boolean);

/** The users' values in a list of objects: what must come out as it went in. */
function usersValues(objects: Obj[]): Obj {
  const find = (kind: string, name: (n: string) => boolean) => objects.find((o) => o.kind === kind && name(o.metadata?.name ?? ''));
  const d = find('Deployment', (n) => n === 'hostile');
  const container = d?.spec?.template?.spec?.containers?.[0] ?? {};
  return {
    annotations: Object.fromEntries(Object.entries(d?.metadata?.annotations ?? {}).filter(([k]) => k.startsWith('hostile.example.com/'))),
    env: (container.env ?? []).filter((e: Obj) => e.name.startsWith('HOSTILE_')),
    args: container.args,
    data: find('ConfigMap', (n) => n === 'hostile-data')?.data,
    literals: find('ConfigMap', (n) => n.startsWith('literals'))?.data,
  };
}

/** The users' values hold every string in each place: a comparison with them cannot pass on nothing. */
function assertCarriesAll(values: Obj, where: string): void {
  const counts = { annotations: Object.keys(values.annotations).length, env: values.env.length, args: values.args?.length, data: Object.keys(values.data ?? {}).length };
  assert.deepEqual(counts, { annotations: strings.length, env: strings.length, args: strings.length, data: strings.length }, where);
}

/** How many of the strings a stage kept exactly, for the log. */
const kept = (values: Obj) => strings.filter((s, i) => values.data?.[`s${i}`] === s && values.annotations?.[`hostile.example.com/s${i}`] === s && values.args?.[i] === s && values.env?.[i]?.value === s).length;

describe('hostile strings through kustomize, kpt, render and fn', { skip }, () => {
  const dir = scratch('hostile-strings');

  it(`kubectl kustomize | contextcore render - keeps ${strings.length} strings and ${literals.length} generator literals byte for byte, as kubectl and the yaml library read them`, (t) => {
    const app = writeApp(join(dir, 'kustomize-app'), true);
    const built = runTool(KUBECTL!, ['kustomize', app]);
    assert.equal(built.code, 0, built.stderr.slice(-3000));
    const want = usersValues(kubectlRead(dir, built.stdout));
    assertCarriesAll(want, 'kubectl read every string from kustomize\'s output');
    assert.equal(Object.keys(want.literals ?? {}).length, literals.length, 'the generated ConfigMap');
    const rendered = runCli(['render', '-'], { input: built.stdout });
    assert.equal(rendered.code, 0, rendered.stderr);
    assert.deepEqual(differences(want, usersValues(kubectlRead(dir, rendered.stdout))), [], 'kubectl reads from our output what it reads from kustomize');
    assert.deepEqual(differences(want, usersValues(libraryRead(rendered.stdout))), [], 'the yaml library reads from our output what kubectl reads from kustomize');
    assert.deepEqual(differences(literals.map((v, i) => [`l${i}`, v]), Object.entries(want.literals).sort(([a], [b]) => Number(a.slice(1)) - Number(b.slice(1)))), [], 'kustomize keeps the literals');
    t.diagnostic(`${strings.length} strings (${kept(want)} kept exactly by kustomize, all of them by render) as annotations, env values, args and ConfigMap data; ${literals.length} configMapGenerator literals`);
  });

  it(`kpt fn source | contextcore fn keeps the ${strings.length} strings byte for byte, as kubectl and the yaml library read them`, { skip: skipKpt }, (t) => {
    const app = writeApp(join(dir, 'kpt-app'), false);
    const source = runTool(KPT!, ['fn', 'source', app]);
    assert.equal(source.code, 0, source.stderr.slice(-3000));
    // kubectl takes a ResourceList for a list: its items, one after another.
    const want = usersValues(kubectlRead(dir, source.stdout));
    assertCarriesAll(want, 'kubectl read every string from kpt\'s ResourceList');
    const out = runCli(['fn'], { input: source.stdout });
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(differences(want, usersValues(kubectlRead(dir, out.stdout))), [], 'kubectl reads from our ResourceList what it reads from kpt');
    assert.deepEqual(differences(want, usersValues(libraryRead(out.stdout)[0]!.items)), [], 'the yaml library reads from our ResourceList what kubectl reads from kpt');
    t.diagnostic(`${strings.length} strings (${kept(want)} kept exactly by kpt fn source, all of them by fn) as annotations, env values, args and ConfigMap data`);
  });

  it('a lone surrogate (only an escape can make one) is refused with an error naming the field, not written as U+FFFD', () => {
    const d = deployment({ name: 'hostile', namespace: 'shop' });
    const text = JSON.stringify({ ...d, metadata: { ...d.metadata, annotations: { 'a.example.com/x': '\ud800x' } } });
    assert.match(text, /\\ud800x/, 'JSON.stringify escapes a lone surrogate');
    const rendered = runCli(['render', '-'], { input: `${text}\n` });
    assert.equal(rendered.code, 1, rendered.stderr);
    assert.equal(rendered.stdout, '');
    assert.match(rendered.stderr, /metadata\.annotations\["a\.example\.com\/x"\]/);
    assert.match(rendered.stderr, /U\+D800, half of a UTF-16 surrogate pair/);

    const list = JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [{ ...d, metadata: { ...d.metadata, annotations: { '\udc00': 'key' } } }] });
    const fn = runCli(['fn'], { input: list });
    assert.equal(fn.code, 1, fn.stderr);
    assert.match(fn.stderr, /items\[0\]\.metadata\.annotations: the key "\\udc00" holds U\+DC00, half of a UTF-16 surrogate pair/);
    assert.doesNotMatch(fn.stdout + fn.stderr, /\ufffd/);
  });
});
