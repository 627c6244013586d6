import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../functions/core/index.js';
import { parse } from 'yaml';
import { configMapKeys, configMapToConfig, resolveSetting, selectFunctionConfig } from '../../../../functions/project-context-expander/function-config.js';
import { runFunction } from '../../../../functions/project-context-expander/resource-list.js';
import { config } from '../../../fixtures.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../helpers.js';

const fnArgs = (data?: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, ...(data ? { data } : {}) });
const withoutSpec = ({ spec: _spec, ...rest }: KubeObject): KubeObject => rest;
const withPathAnnotations = (o: KubeObject, path: string): KubeObject => ({
  ...o,
  metadata: { ...o.metadata, annotations: { 'config.kubernetes.io/path': path, 'internal.config.kubernetes.io/path': path, 'config.k8s.io/id': '2' } },
});

describe('which configuration a function run uses', () => {
  const inPackage = withPathAnnotations(config({ environment: 'production' }), 'contextcore.yaml');
  const cases: Array<{ name: string; given: KubeObject | null | undefined; items?: KubeObject[]; expect: 'none' | 'given' | KubeObject }> = [
    { name: 'no functionConfig leaves the choice to the items', given: undefined, expect: 'none' },
    { name: 'a null functionConfig is none', given: null, expect: 'none' },
    { name: 'an empty object is none', given: {}, expect: 'none' },
    { name: 'the empty ConfigMap kpt sends without key=value arguments is none', given: fnArgs({}), expect: 'none' },
    { name: 'a ConfigMap without data is none', given: fnArgs(), expect: 'none' },
    { name: 'a ProjectContextExpander without spec only turns the function on', given: withoutSpec(config()), expect: 'none' },
    { name: 'a ProjectContextExpander with an empty spec only turns the function on', given: config({}), expect: 'none' },
    { name: "the Kptfile's configPath naming a file of the package is that file, not a second config", given: inPackage, items: [inPackage], expect: 'none' },
    { name: 'a ProjectContextExpander with settings wins', given: config({ environment: 'staging' }), items: [inPackage], expect: 'given' },
    { name: 'another kind is passed on for the core to reject', given: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }, expect: 'given' },
    {
      name: 'a ConfigMap with data becomes a ProjectContextExpander',
      given: fnArgs({ environment: 'staging' }),
      expect: { apiVersion: 'fn.contextcore.io/v1alpha1', kind: 'ProjectContextExpander', metadata: { name: 'function-input' }, spec: { environment: 'staging' } },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const choice = selectFunctionConfig(c.given, c.items ?? []);
      assert.deepEqual(choice.results, []);
      if (c.expect === 'none') assert.equal(choice.config, undefined);
      else if (c.expect === 'given') assert.equal(choice.config, c.given);
      else assert.deepEqual(choice.config, c.expect);
    });
  }
});

describe('a functionConfig that is not a mapping', () => {
  const CASES: Array<[string, unknown, string]> = [
    ['a string', 'hello', 'functionConfig: hello'],
    ['a number', 42, 'functionConfig: 42'],
    ['a list', [1, 2], 'functionConfig:\n  - 1\n  - 2'],
    ['false', false, 'functionConfig: false'],
  ];
  for (const [name, value, yaml] of CASES) {
    it(`${name} is an error naming the field, not a resource`, () => {
      assert.deepEqual(selectFunctionConfig(value as KubeObject, []), { results: [{ severity: 'error', message: 'functionConfig must be a mapping', field: { path: 'functionConfig' } }] });
    });

    it(`${name} fails the KRM function, and the output ResourceList keeps it as given`, async () => {
      const run = await runFunction(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n${yaml}\n`);
      assert.equal(run.exitCode, 1);
      assert.deepEqual(run.results, [{ severity: 'error', message: 'functionConfig must be a mapping', field: { path: 'functionConfig' } }]);
      assert.deepEqual(parse(run.output.toString()).functionConfig, value);
    });
  }
});

describe('kpt key=value arguments', () => {
  const cases: Array<{ name: string; data: Record<string, unknown>; spec?: Record<string, unknown>; error?: { field: string; message: RegExp } }> = [
    { name: 'a string setting is taken as written', data: { environment: 'production' }, spec: { environment: 'production' } },
    { name: 'a nested setting is a dotted key', data: { 'metrics.preset': 'prometheus', 'grafana.baseUrl': 'https://grafana.example.com' }, spec: { metrics: { preset: 'prometheus' }, grafana: { baseUrl: 'https://grafana.example.com' } } },
    { name: 'a boolean setting takes true or false', data: { keepProjectContext: 'false', 'hook.enabled': 'true' }, spec: { keepProjectContext: false, hook: { enabled: true } } },
    {
      name: 'a map setting takes the rest of the key, dots and slashes included, as the label',
      data: { 'prometheus.selectorLabels.release': 'kps', 'prometheus.selectorLabels.app.kubernetes.io/part-of': 'obs' },
      spec: { prometheus: { selectorLabels: { release: 'kps', 'app.kubernetes.io/part-of': 'obs' } } },
    },
    { name: 'an unknown key is an error naming it and the known keys', data: { enviroment: 'x' }, error: { field: 'data.enviroment', message: /unknown setting "enviroment"; known: .*environment/ } },
    { name: 'a key below a plain value is unknown', data: { 'environment.name': 'x' }, error: { field: 'data.environment.name', message: /unknown setting/ } },
    { name: 'an object without a value is unknown', data: { grafana: 'x' }, error: { field: 'data.grafana', message: /unknown setting/ } },
    { name: 'a boolean that is not true or false is an error', data: { keepProjectContext: 'yes' }, error: { field: 'data.keepProjectContext', message: /must be true or false \(got "yes"\)/ } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const choice = configMapToConfig(fnArgs(c.data));
      if (c.error) {
        assert.equal(choice.config, undefined);
        assert.equal(choice.results.length, 1, JSON.stringify(choice.results));
        assert.equal(choice.results[0]!.severity, 'error');
        assert.equal(choice.results[0]!.field?.path, c.error.field);
        assert.match(choice.results[0]!.message, c.error.message);
        assert.equal(choice.results[0]!.resourceRef?.kind, 'ConfigMap');
      } else {
        assert.deepEqual(choice.results, []);
        assert.deepEqual((choice.config as { spec: unknown }).spec, c.spec);
      }
    });
  }

  it('data that is not a map is an error', () => {
    const choice = configMapToConfig({ ...fnArgs(), data: ['a'] } as KubeObject);
    assert.equal(choice.results[0]?.field?.path, 'data');
  });

  it('every key the schema allows is listed, and each resolves', () => {
    const keys = configMapKeys();
    for (const key of ['environment', 'defaultNamespace', 'keepProjectContext', 'metrics.preset', 'prometheus.selectorLabels.<key>', 'grafana.baseUrl', 'hook.enabled']) assert.ok(keys.includes(key), key);
    for (const key of keys) assert.ok(resolveSetting(key.replace('<key>', 'x')), key);
  });
});

describe('the kpt keys in the docs', () => {
  it('docs/kustomize-kpt.md names every key a kpt ConfigMap takes', () => {
    const doc = readFileSync(join(ROOT, 'docs/kustomize-kpt.md'), 'utf8');
    // The docs write a map's key as <label>, a criticality as <criticality>, and source.* for its keys.
    const asDocumented = (key: string) =>
      key.startsWith('source.') ? 'source.*' : key.replace('.<key>', '.<label>').replace(/^gate\.policy\.(critical|high|medium|low)\./, 'gate.policy.<criticality>.');
    const missing = [...new Set(configMapKeys().map(asDocumented))].filter((k) => !doc.includes(`\`${k}\``));
    assert.deepEqual(missing, []);
  });
});
