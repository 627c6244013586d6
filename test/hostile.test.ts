// Hostile inputs end quickly with a clear error or a correct result (DESIGN §8, issue 8).
// The bounds are generous ceilings against hangs and blow-ups, not performance measurements
// (npm run bench measures).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cc-hostile-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const deployment = (name: string, namespace: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace }, spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'x' }] } } } });
const service = (name: string, namespace: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `${name}-metrics`, namespace, labels: { app: name } }, spec: { selector: { app: name }, ports: [{ name: 'metrics', port: 9090 }] } });
const context = (name: string, namespace: string, target: string) => ({ apiVersion: 'contextcore.io/v1', kind: 'ProjectContext', metadata: { name, namespace }, spec: { project: { id: name.slice(0, 63).replace(/[^A-Za-z0-9]+$/, '') }, business: { criticality: 'high', owner: 'team' }, targets: [{ kind: 'Deployment', name: target }] } });

function write(name: string, docs: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, docs.map((d) => stringify(d)).join('---\n'));
  return path;
}

describe('hostile input', () => {
  it('5,000 contexts claiming one workload fail with one error per context, each naming three rivals and a count', () => {
    const docs: unknown[] = [deployment('shared', 'x')];
    for (let i = 0; i < 5000; i++) docs.push(context(`c${i}`, 'x', 'shared'));
    const r = runCli(['validate', write('claims.yaml', docs)]);
    assert.equal(r.code, 1);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
    assert.equal(errors.length, 5000);
    assert.match(errors[0]!, /ProjectContext x\/c0: spec\.targets\[0\]: Deployment x\/shared is also claimed by ProjectContext x\/c1 \(spec\.targets\[0\]\), x\/c10 \(spec\.targets\[0\]\), x\/c100 \(spec\.targets\[0\]\) and 4996 more/);
  });

  it('names at the length limits give generated names of at most 63 characters', () => {
    const long = Array.from({ length: 4 }, () => 'a'.repeat(62)).join('.').slice(0, 253);
    const ns = 'n'.repeat(63);
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's'.repeat(63), namespace: ns, labels: { app: long.slice(0, 63) } }, spec: { selector: { app: long.slice(0, 63) }, ports: [{ name: 'metrics', port: 1 }] } };
    const d = deployment(long, ns);
    (d.spec.template.metadata.labels as Record<string, string>).app = long.slice(0, 63);
    const r = runCli(['render', write('limits.yaml', [context(long, ns, long), d, svc])]);
    assert.equal(r.code, 0, r.stderr);
    const names = [...r.stdout.matchAll(/^  name: (.*)$/gm)].map((m) => m[1]!);
    const generated = names.filter((n) => n !== long && n !== 's'.repeat(63));
    assert.ok(generated.length >= 4);
    for (const n of generated) assert.ok(n.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n), n);
    for (const m of r.stdout.matchAll(/contextcore\.io\/projectcontext: (.*)$/gm)) if (!m[1]!.includes('/')) assert.ok(m[1]!.length <= 63, 'label values fit');
  });

  it('a 50 MB input is processed in bounded memory, or refused clearly', () => {
    const docs: unknown[] = [];
    // ~50 MB of ConfigMaps the function passes through, plus one context.
    const blob = 'x'.repeat(100_000);
    for (let i = 0; i < 500; i++) docs.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `blob-${i}`, namespace: 'x' }, data: { blob } });
    docs.push(context('big', 'x', 'app'), deployment('app', 'x'), service('app', 'x'));
    const path = write('big.yaml', docs);
    const r = runCli(['render', path]);
    assert.equal(r.code, 0, r.stderr.slice(0, 500));
    assert.ok(r.stdout.length > 50_000_000);
    assert.match(r.stdout, /name: big-plan/);
  });

  it('a ResourceList of the wrong kind fails with exit 1 and nothing on stdout', () => {
    const r = runCli(['fn'], { input: 'apiVersion: config.kubernetes.io/v1\nkind: ResourceLyst\nitems: []\n' });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /input must be one config\.kubernetes\.io\/v1 ResourceList \(got config\.kubernetes\.io\/v1 ResourceLyst\)/);
  });

  it('items that are not objects are an error result, not a crash', () => {
    const r = runCli(['fn'], { input: 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [1, "two", null]\n' });
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stderr, /internal error/);
    assert.match(r.stderr, /not a Kubernetes object/);
  });
});
