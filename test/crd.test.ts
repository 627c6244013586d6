// The CRD is a valid structural schema that Kubernetes 1.26 and later accept. These static checks
// restate the apiextensions rules a clone without API servers can check; the proof is
// test/e2e.test.ts, which installs the CRD on real API servers (1.26 and 1.32) and holds their
// verdicts to the CLI's (validation parity).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ROOT } from './helpers.js';

type Obj = Record<string, any>;
const crd = parse(readFileSync(join(ROOT, 'crds/projectcontext.yaml'), 'utf8'));
const version = crd.spec.versions[0];
const schema = version.schema.openAPIV3Schema;

/**
 * Words Kubernetes' CEL environment reserves: a property so named is selected as `__word__`
 * (kubernetes.io/docs/reference/using-api/cel, "Escaping"; required on 1.26).
 */
const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

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

  it('CEL rules carry only what Kubernetes 1.26 knows: rule and message (fieldPath and reason came in 1.28, messageExpression in 1.27)', () => {
    walk(schema, '', (node, path) => {
      for (const v of node['x-kubernetes-validations'] ?? []) {
        assert.deepEqual(Object.keys(v).sort(), ['message', 'rule'], `${path}: ${v.rule}`);
        assert.ok(v.message, `${path}: rule needs a message`);
      }
    });
  });

  it('CEL rules never name a property that Kubernetes 1.26 escapes, unescaped (`namespace` is `__namespace__` there)', () => {
    walk(schema, '', (node, path) => {
      for (const v of node['x-kubernetes-validations'] ?? []) {
        const code = String(v.rule).replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
        const named = [...code.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
        for (const name of named) assert.ok(!CEL_RESERVED.has(name), `${path}: ${v.rule} names .${name}; write .__${name}__`);
      }
    });
  });

  it('list map keys are required (or the API server refuses the CRD)', () => {
    walk(schema, '', (node, path) => {
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
