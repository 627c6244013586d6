// The CRD is a valid structural schema the API server accepts. The static checks mirror the
// apiextensions validation rules (and CEL cost bounds); the end-to-end part applies the CRD and
// the rendered examples to a real API server when CONTEXTCORE_E2E_KUBECONFIG names a throwaway
// cluster (e.g. `kind create cluster`), and checks that the CEL rules reject what we reject.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseCel } from '@bufbuild/cel';
import { parse, stringify } from 'yaml';
import { examples, examplePath, ROOT, runCli, SHARED, which } from './helpers.js';

type Obj = Record<string, any>;
const crd = parse(readFileSync(join(ROOT, 'crds/projectcontext.yaml'), 'utf8'));
const version = crd.spec.versions[0];
const schema = version.schema.openAPIV3Schema;

function walk(node: Obj, path: string, visit: (node: Obj, path: string) => void): void {
  visit(node, path);
  for (const [k, v] of Object.entries(node.properties ?? {})) walk(v as Obj, `${path}.${k}`, visit);
  if (node.items) walk(node.items, `${path}[]`, visit);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') walk(node.additionalProperties, `${path}{}`, visit);
}

describe('ProjectContext CRD', () => {
  it('names, scope, short names, status subresource and printer columns are declared', () => {
    assert.equal(crd.metadata.name, 'projectcontexts.contextcore.io');
    assert.equal(crd.spec.scope, 'Namespaced');
    assert.ok(crd.spec.names.shortNames.length > 0);
    assert.deepEqual(version.subresources, { status: {} });
    assert.deepEqual(version.additionalPrinterColumns.map((c: Obj) => c.name), ['Project', 'Criticality', 'Owner', 'Coverage', 'Age']);
  });

  it('is a structural schema: every node typed, properties only on objects, items only on arrays', () => {
    walk(schema, '', (node, path) => {
      assert.ok(node.type || node['x-kubernetes-int-or-string'] || node['x-kubernetes-preserve-unknown-fields'], `${path} has no type`);
      if (node.properties) assert.equal(node.type, 'object', `${path}: properties need type object`);
      if (node.type === 'array') assert.ok(node.items, `${path}: arrays need items`);
      if (node.items) assert.equal(node.type, 'array', `${path}: items need type array`);
      for (const forbidden of ['$ref', 'definitions', 'dependencies', 'patternProperties', 'uniqueItems', 'allOf', 'anyOf', 'oneOf', 'not'])
        assert.ok(!(forbidden in node) || (forbidden === 'uniqueItems' && node.uniqueItems === false), `${path}: ${forbidden} is not allowed`);
    });
  });

  it('never puts additionalProperties next to properties (the API server forbids it and prunes instead)', () => {
    walk(schema, '', (node, path) => assert.ok(!(node.properties && 'additionalProperties' in node), path));
  });

  it('bounds every string and list, so the API server can estimate the CEL rules’ cost', () => {
    walk(schema.properties.spec, 'spec', (node, path) => {
      if (node.type === 'string' && !node.enum) assert.ok(node.maxLength, `${path} needs maxLength`);
      if (node.type === 'array') assert.ok(node.maxItems, `${path} needs maxItems`);
    });
  });

  it('every CEL rule parses, and list map keys are required', () => {
    walk(schema, '', (node, path) => {
      for (const v of node['x-kubernetes-validations'] ?? []) {
        assert.doesNotThrow(() => parseCel(v.rule), `${path}: ${v.rule}`);
        assert.ok(v.message, `${path}: rule needs a message`);
      }
      for (const key of node['x-kubernetes-list-map-keys'] ?? []) assert.ok(node.items.required.includes(key), `${path}: map key ${key} must be required`);
    });
  });

  it('printer columns point at fields of the schema', () => {
    for (const c of version.additionalPrinterColumns) {
      if (c.jsonPath.startsWith('.metadata.')) continue;
      let node = schema;
      for (const part of c.jsonPath.slice(1).split('.')) node = node?.properties?.[part];
      assert.ok(node, c.jsonPath);
    }
  });
});

const KUBECONFIG = process.env.CONTEXTCORE_E2E_KUBECONFIG;
const e2eSkip = !KUBECONFIG
  ? 'set CONTEXTCORE_E2E_KUBECONFIG to the kubeconfig of a throwaway cluster (e.g. kind create cluster) to apply the CRD and rendered examples to a real API server'
  : !which('kubectl')
    ? 'kubectl not found'
    : false;
if (e2eSkip) console.error(`\n*** SKIPPING API server tests: ${e2eSkip} ***\n`);

function kubectl(args: string[], input?: string) {
  const r = spawnSync('kubectl', args, { input, encoding: 'utf8', env: { ...process.env, KUBECONFIG }, timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('ProjectContext CRD on a real API server', { skip: e2eSkip }, () => {
  it('the CRD is accepted and becomes Established', () => {
    let r = kubectl(['apply', '--server-side', '--force-conflicts', '-f', join(ROOT, 'crds/projectcontext.yaml')]);
    assert.equal(r.code, 0, r.out);
    r = kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/projectcontexts.contextcore.io']);
    assert.equal(r.code, 0, r.out);
    for (const f of ['monitoring.coreos.com_servicemonitors.yaml', 'monitoring.coreos.com_prometheusrules.yaml']) {
      r = kubectl(['apply', '--server-side', '--force-conflicts', '-f', join(SHARED, 'crds/upstream', f)]);
      assert.equal(r.code, 0, r.out);
    }
    r = kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/servicemonitors.monitoring.coreos.com', 'crd/prometheusrules.monitoring.coreos.com']);
    assert.equal(r.code, 0, r.out);
  });

  for (const name of examples()) {
    it(`the rendered example ${name} is accepted by the API server`, () => {
      const rendered = runCli(['render', examplePath(name)]);
      assert.equal(rendered.code, 0, rendered.stderr);
      const namespaces = [...new Set([...rendered.stdout.matchAll(/^  namespace: (\S+)$/gm)].map((m) => m[1]))];
      for (const ns of namespaces) kubectl(['create', 'namespace', ns!]);
      const r = kubectl(['apply', '--server-side', '--dry-run=server', '-f', '-'], rendered.stdout);
      assert.equal(r.code, 0, r.out);
    });
  }

  const rejected: Array<[string, Obj, RegExp]> = [
    ['an error budget that does not match the availability', { requirements: { availability: '99.9', errorBudget: '0.5' } }, /errorBudget must equal 100 - availability/],
    ['duplicate targets', { targets: [{ kind: 'Deployment', name: 'a' }, { kind: 'Deployment', name: 'a' }] }, /targets must be unique/],
    ['a zero latency', { requirements: { latencyP99: '0ms' } }, /latencyP99 must be greater than zero/],
    ['preset custom without queries', { observability: { sli: { preset: 'custom' } } }, /preset custom needs errorQuery and totalQuery/],
    ['a latency bucket below the latency target', { requirements: { latencyP99: '1s' }, observability: { sli: { latencyBucket: '999ms' } } }, /observability\.sli\.latencyBucket needs requirements\.latencyP99 and must not be below it/],
  ];
  for (const [name, spec, message] of rejected) {
    it(`the API server rejects ${name}, as contextcore does`, () => {
      kubectl(['create', 'namespace', 'contextcore-e2e']);
      const obj = { apiVersion: 'contextcore.io/v1', kind: 'ProjectContext', metadata: { name: 'e2e', namespace: 'contextcore-e2e' }, spec: { project: { id: 'e2e' }, targets: [{ kind: 'Deployment', name: 'a' }], ...spec } };
      const r = kubectl(['apply', '--dry-run=server', '-f', '-'], stringify(obj));
      assert.notEqual(r.code, 0, r.out);
      assert.match(r.out, message);
      const ours = runCli(['validate', '-'], { input: stringify(obj) });
      assert.equal(ours.code, 1);
      assert.match(ours.stderr, message);
    });
  }
});
