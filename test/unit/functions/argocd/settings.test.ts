import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applySettings, chartTemplate, escapeParamName, readHelmParameters, readSettings, SETTINGS, type Env } from '../../../../functions/argocd/index.js';
import { resolveSetting } from '../../../../functions/project-context-expander/function-config.js';
import { formatResult } from '../../../../functions/core/index.js';
import { config } from '../../../fixtures.js';

const SHA = 'f913b6cbf58aa5ae5ca1f8a2b149477aebcbd9d8';
const params = (...p: object[]) => JSON.stringify(p);

describe('reading an Application\'s settings from the environment', () => {
  const CASES: Array<{ name: string; env: Env; assignments?: Array<[string, unknown, string]>; errors?: RegExp[] }> = [
    { name: 'an environment without Argo CD sets nothing', env: { PATH: '/bin', HOME: '/' }, assignments: [] },
    {
      name: 'the destination namespace becomes the default namespace; name, repository and full revision the source',
      env: { ARGOCD_APP_NAME: 'shop', ARGOCD_APP_NAMESPACE: 'shop-prod', ARGOCD_APP_SOURCE_REPO_URL: 'https://git.example.com/shop.git', ARGOCD_APP_REVISION: SHA, ARGOCD_APP_REVISION_SHORT: SHA.slice(0, 7) },
      assignments: [
        ['spec.defaultNamespace', 'shop-prod', 'ARGOCD_APP_NAMESPACE'],
        ['spec.source.application', 'shop', 'ARGOCD_APP_NAME'],
        ['spec.source.repoURL', 'https://git.example.com/shop.git', 'ARGOCD_APP_SOURCE_REPO_URL'],
        ['spec.source.revision', SHA, 'ARGOCD_APP_REVISION'],
      ],
    },
    {
      name: 'without the full revision the 8-character short one is used, then the 7-character one',
      env: { ARGOCD_APP_REVISION_SHORT: 'f913b6c', ARGOCD_APP_REVISION_SHORT_8: 'f913b6cb' },
      assignments: [['spec.source.revision', 'f913b6cb', 'ARGOCD_APP_REVISION_SHORT_8']],
    },
    {
      name: 'plugin env CONTEXTCORE_<NAME> sets a setting; other plugin env is not ours and is ignored',
      env: { ARGOCD_ENV_CONTEXTCORE_ENVIRONMENT: 'staging', ARGOCD_ENV_CONTEXTCORE_HOOK: 'true', ARGOCD_ENV_FOO: 'bar' },
      assignments: [
        ['spec.environment', 'staging', 'ARGOCD_ENV_CONTEXTCORE_ENVIRONMENT'],
        ['spec.hook.enabled', true, 'ARGOCD_ENV_CONTEXTCORE_HOOK'],
      ],
    },
    {
      name: 'a map setting in plugin env is written key=value,key=value',
      env: { ARGOCD_ENV_CONTEXTCORE_PROMETHEUS_SELECTOR_LABELS: 'release=kps, team = shop' },
      assignments: [['spec.prometheus.selectorLabels', { release: 'kps', team: 'shop' }, 'ARGOCD_ENV_CONTEXTCORE_PROMETHEUS_SELECTOR_LABELS']],
    },
    {
      name: 'a misspelt CONTEXTCORE_ name in plugin env is an error that lists the known names',
      env: { ARGOCD_ENV_CONTEXTCORE_ENVIRONMNT: 'staging' },
      errors: [/^error: ARGOCD_ENV_CONTEXTCORE_ENVIRONMNT: unknown ContextCore setting CONTEXTCORE_ENVIRONMNT .*known: CONTEXTCORE_ENVIRONMENT, CONTEXTCORE_SLI_PRESET/],
    },
    {
      name: 'ARGOCD_APP_PARAMETERS gives string and map parameters',
      env: { ARGOCD_APP_PARAMETERS: params({ name: 'sli-preset', string: 'prometheus' }, { map: { release: 'kps' }, name: 'prometheus-selector-labels' }), PARAM_SLI_PRESET: 'prometheus', PARAM_PROMETHEUS_SELECTOR_LABELS_RELEASE: 'kps' },
      assignments: [
        ['spec.metrics.preset', 'prometheus', 'parameter sli-preset'],
        ['spec.prometheus.selectorLabels', { release: 'kps' }, 'parameter prometheus-selector-labels'],
      ],
    },
    {
      name: 'without ARGOCD_APP_PARAMETERS string parameters are read from PARAM_<NAME>',
      env: { PARAM_ENVIRONMENT: 'production', PARAM_KEEP_PROJECT_CONTEXT: 'false' },
      assignments: [
        ['spec.environment', 'production', 'parameter environment'],
        ['spec.keepProjectContext', false, 'parameter keep-project-context'],
      ],
    },
    { name: 'ARGOCD_APP_PARAMETERS of an Application without parameters is null (json.Marshal of a nil slice): none', env: { ARGOCD_APP_PARAMETERS: 'null' }, assignments: [] },
    { name: 'an empty ARGOCD_APP_PARAMETERS array is none', env: { ARGOCD_APP_PARAMETERS: '[]' }, assignments: [] },
    { name: 'an empty string parameter means not set', env: { ARGOCD_APP_PARAMETERS: params({ name: 'environment', string: '' }) }, assignments: [] },
    {
      name: 'parameters win over plugin env, which wins over the Application layer (assignments come in that order)',
      env: { ARGOCD_APP_NAMESPACE: 'a', ARGOCD_ENV_CONTEXTCORE_ENVIRONMENT: 'staging', ARGOCD_APP_PARAMETERS: params({ name: 'environment', string: 'production' }) },
      assignments: [
        ['spec.defaultNamespace', 'a', 'ARGOCD_APP_NAMESPACE'],
        ['spec.environment', 'staging', 'ARGOCD_ENV_CONTEXTCORE_ENVIRONMENT'],
        ['spec.environment', 'production', 'parameter environment'],
      ],
    },
    { name: 'ARGOCD_APP_PARAMETERS that is not JSON is an error', env: { ARGOCD_APP_PARAMETERS: '[{' }, errors: [/^error: ARGOCD_APP_PARAMETERS: is not valid JSON/] },
    { name: 'ARGOCD_APP_PARAMETERS that is not an array is an error', env: { ARGOCD_APP_PARAMETERS: '{}' }, errors: [/^error: ARGOCD_APP_PARAMETERS: must be a JSON array of parameters$/] },
    { name: 'a parameter without a name is an error', env: { ARGOCD_APP_PARAMETERS: params({ string: 'x' }) }, errors: [/^error: ARGOCD_APP_PARAMETERS: item 0 has no name$/] },
    { name: 'an unknown parameter is an error that lists the known ones', env: { ARGOCD_APP_PARAMETERS: params({ name: 'enviroment', string: 'x' }) }, errors: [/^error: parameter enviroment: unknown parameter \(known: environment, sli-preset, hook,/] },
    { name: 'a parameter given twice is an error', env: { ARGOCD_APP_PARAMETERS: params({ name: 'hook', string: 'true' }, { name: 'hook', string: 'false' }) }, errors: [/^error: parameter hook: is given more than once$/] },
    { name: 'an array given to a string parameter is an error', env: { ARGOCD_APP_PARAMETERS: params({ name: 'environment', array: ['a'] }) }, errors: [/^error: parameter environment: spec\.environment: must be a string parameter, not an array$/] },
    { name: 'Helm parameters are not settings of the configuration: none assigned, none refused', env: { ARGOCD_APP_PARAMETERS: params({ name: 'helm-value-files', array: ['a.yaml'] }, { name: 'helm-parameters', map: { a: 'b' } }) }, assignments: [] },
    { name: 'the known parameters listed by an unknown one include the Helm parameters', env: { ARGOCD_APP_PARAMETERS: params({ name: 'helm-valuez', string: 'x' }) }, errors: [/^error: parameter helm-valuez: unknown parameter \(known: .*grafana-base-url, helm-release-name, helm-value-files, helm-values, helm-parameters\)$/] },
    { name: 'a map given to a string parameter is an error', env: { ARGOCD_APP_PARAMETERS: params({ name: 'environment', map: { a: 'b' } }) }, errors: [/^error: parameter environment: spec\.environment: must be a string parameter, not a map$/] },
    { name: 'a string given to a map parameter is an error', env: { ARGOCD_APP_PARAMETERS: params({ name: 'prometheus-selector-labels', string: 'release=kps' }) }, errors: [/^error: parameter prometheus-selector-labels: spec\.prometheus\.selectorLabels: must be a map parameter, not a string$/] },
    { name: 'a boolean setting takes only true or false', env: { ARGOCD_APP_PARAMETERS: params({ name: 'hook', string: 'yes' }) }, errors: [/^error: parameter hook: spec\.hook\.enabled: must be true or false \(got "yes"\)$/] },
    { name: 'a map in plugin env without = is an error', env: { ARGOCD_ENV_CONTEXTCORE_PROMETHEUS_SELECTOR_LABELS: 'release' }, errors: [/^error: ARGOCD_ENV_CONTEXTCORE_PROMETHEUS_SELECTOR_LABELS: spec\.prometheus\.selectorLabels: must be key=value pairs/] },
    {
      name: 'PARAM_<NAME> that disagrees with ARGOCD_APP_PARAMETERS is an error',
      env: { ARGOCD_APP_PARAMETERS: params({ name: 'environment', string: 'production' }), PARAM_ENVIRONMENT: 'staging' },
      errors: [/^error: parameter environment: PARAM_ENVIRONMENT="staging" disagrees with ARGOCD_APP_PARAMETERS \("production"\)$/],
    },
  ];
  for (const c of CASES) {
    it(c.name, () => {
      const s = readSettings(c.env);
      if (c.errors) {
        const lines = s.results.map(formatResult);
        assert.equal(lines.length, c.errors.length, lines.join('\n'));
        c.errors.forEach((e, i) => assert.match(lines[i]!, e));
      } else {
        assert.deepEqual(s.results, []);
        assert.deepEqual(s.assignments.map((a) => [a.field, a.value, a.from]), c.assignments);
      }
    });
  }
});

describe('layering the settings over the app\'s ProjectContextExpander', () => {
  const file = { path: 'contextcore.yaml', index: 0 };

  it('settings fill a configuration when the app has none', () => {
    const out = applySettings(undefined, undefined, readSettings({ ARGOCD_APP_NAMESPACE: 'shop', ARGOCD_APP_PARAMETERS: params({ name: 'hook', string: 'true' }) }).assignments);
    assert.deepEqual(out.results, []);
    assert.deepEqual(out.config, config({ defaultNamespace: 'shop', hook: { enabled: true } }));
  });

  it('a parameter wins over plugin env, which wins over the file; each replacement of a different value is reported', () => {
    const base = config({ environment: 'dev', grafana: { baseUrl: 'https://grafana.example.com' } });
    const env = { ARGOCD_ENV_CONTEXTCORE_ENVIRONMENT: 'staging', ARGOCD_APP_PARAMETERS: params({ name: 'environment', string: 'production' }) };
    const out = applySettings(base, file, readSettings(env).assignments);
    assert.deepEqual(out.config, config({ environment: 'production', grafana: { baseUrl: 'https://grafana.example.com' } }));
    assert.deepEqual(out.results.map(formatResult), [
      'info: spec.environment: "dev" from the ProjectContextExpander in contextcore.yaml is replaced by "staging" from ARGOCD_ENV_CONTEXTCORE_ENVIRONMENT',
      'info: spec.environment: "staging" from ARGOCD_ENV_CONTEXTCORE_ENVIRONMENT is replaced by "production" from parameter environment',
    ]);
  });

  it('a setting equal to what the file says is not reported', () => {
    const out = applySettings(config({ environment: 'production' }), file, readSettings({ PARAM_ENVIRONMENT: 'production' }).assignments);
    assert.deepEqual(out.results, []);
  });

  it('a map setting replaces the whole map of the file', () => {
    const out = applySettings(config({ prometheus: { selectorLabels: { release: 'a', team: 'x' } } }), file, readSettings({ ARGOCD_APP_PARAMETERS: params({ name: 'prometheus-selector-labels', map: { release: 'b' } }) }).assignments);
    assert.deepEqual(out.config.spec, { prometheus: { selectorLabels: { release: 'b' } } });
    assert.equal(out.results.length, 1);
  });

  it('the file itself is not changed', () => {
    const base = config({ environment: 'dev' });
    applySettings(base, file, readSettings({ PARAM_ENVIRONMENT: 'production' }).assignments);
    assert.deepEqual(base, config({ environment: 'dev' }));
  });

  const INVALID: Array<[string, Env, RegExp]> = [
    ['an SLI preset we do not know', { PARAM_SLI_PRESET: 'fancy' }, /^error: parameter sli-preset: spec\.metrics\.preset: must be one of otel, prometheus, custom/],
    ['an OTLP endpoint that is not an http(s) URL', { ARGOCD_ENV_CONTEXTCORE_OTLP_ENDPOINT: 'collector:4318' }, /^error: ARGOCD_ENV_CONTEXTCORE_OTLP_ENDPOINT: spec\.hook\.otlpEndpoint: /],
    ['an environment with a space', { PARAM_ENVIRONMENT: 'prod east' }, /^error: parameter environment: spec\.environment: /],
    ['a destination namespace that is not a DNS label', { ARGOCD_APP_NAMESPACE: 'Shop_Prod' }, /^error: ARGOCD_APP_NAMESPACE: spec\.defaultNamespace: /],
  ];
  for (const [name, env, expect] of INVALID) {
    it(`${name} is an error naming where it was set`, () => {
      const out = applySettings(undefined, undefined, readSettings(env).assignments);
      assert.match(out.results.map(formatResult).join('\n'), expect);
    });
  }
});

describe('the settings table', () => {
  it('every string setting sets a field of the config schema, which types its value; every map setting a map', () => {
    for (const s of SETTINGS) {
      const key = s.field.replace(/^spec\./, '');
      if (s.collectionType === 'map') assert.ok(resolveSetting(`${key}.x`) && !resolveSetting(key), s.name);
      else assert.ok(resolveSetting(key), s.name);
    }
  });
});

describe('Argo CD parameter name escaping', () => {
  // The examples of docs/operator-manual/config-management-plugins.md.
  const CASES: Array<[string, string]> = [
    ['some-string-param', 'SOME_STRING_PARAM'],
    ['image.tag', 'IMAGE_TAG'],
    ['sli-preset', 'SLI_PRESET'],
    ['Mixed_case9', 'MIXED_CASE9'],
  ];
  for (const [name, escaped] of CASES) it(`${name} becomes ${escaped}`, () => assert.equal(escapeParamName(name), escaped));
});

describe('the Helm parameters of a chart app', () => {
  const fs = { realpath: (p: string) => (['/w', '/w/deploy/shop/values-prod.yaml', '/w/values/common.yaml'].includes(p) ? p : undefined) };
  const base = { ARGOCD_APP_NAME: 'shop', ARGOCD_APP_NAMESPACE: 'shop-prod', ARGOCD_APP_SOURCE_PATH: 'deploy/shop', KUBE_VERSION: '1.32.0', KUBE_API_VERSIONS: 'v1,apps/v1' };

  it('give release name, value files (from the repository root too), values and --set values with Argo CD\'s substitutions', () => {
    const env = {
      ...base,
      ARGOCD_APP_PARAMETERS: params(
        { name: 'helm-release-name', string: 'shop-$ARGOCD_APP_NAMESPACE' },
        { name: 'helm-value-files', array: ['values-prod.yaml', '/values/common.yaml'] },
        { name: 'helm-values', string: 'a: 1\n' },
        { name: 'helm-parameters', map: { tag: 'v-$ARGOCD_APP_NAME' } },
      ),
    };
    const { template, results } = chartTemplate(env, '/w/deploy/shop', fs);
    assert.deepEqual(results, []);
    assert.deepEqual(template, {
      options: { releaseName: 'shop-$ARGOCD_APP_NAMESPACE', namespace: 'shop-prod', kubeVersion: '1.32.0', apiVersions: ['v1', 'apps/v1'], set: { tag: 'v-shop' }, valueFiles: ['/w/deploy/shop/values-prod.yaml', '/w/values/common.yaml'] },
      values: 'a: 1\n',
    });
  });

  it('without parameters: the Application\'s name and destination namespace', () => {
    assert.deepEqual(chartTemplate({ ...base, ARGOCD_APP_NAME: 'argocd_shop', KUBE_VERSION: '', KUBE_API_VERSIONS: '' }, '/w/deploy/shop', fs).template, { options: { releaseName: 'shop', namespace: 'shop-prod' } });
  });

  it('array parameters are read from PARAM_<NAME>_<i> when ARGOCD_APP_PARAMETERS is absent', () => {
    assert.deepEqual(readHelmParameters({ PARAM_HELM_VALUE_FILES_0: 'a.yaml', PARAM_HELM_VALUE_FILES_1: 'b.yaml', PARAM_HELM_RELEASE_NAME: 'x' }).parameters, { releaseName: 'x', valueFiles: ['a.yaml', 'b.yaml'], set: {}, given: ['helm-release-name', 'helm-value-files'] });
  });

  const ERRORS: Array<[string, object[], RegExp]> = [
    ['values that are not YAML', [{ name: 'helm-values', string: 'a: [' }], /^error: parameter helm-values: is not valid YAML: /],
    ['values that are a list', [{ name: 'helm-values', string: '- a' }], /^error: parameter helm-values: must be YAML of one map of values$/],
    ['--set values given as a string', [{ name: 'helm-parameters', string: 'a=b' }], /^error: parameter helm-parameters: must be a map parameter, not a string$/],
    ['a Helm parameter given twice', [{ name: 'helm-release-name', string: 'a' }, { name: 'helm-release-name', string: 'b' }], /^error: parameter helm-release-name: is given more than once$/],
    ['a value file outside the repository', [{ name: 'helm-value-files', array: ['../../../x.yaml'] }], /^error: parameter helm-value-files: value file "\.\.\/\.\.\/\.\.\/x\.yaml" resolves outside the repository/],
  ];
  for (const [name, given, expected] of ERRORS) {
    it(`${name} is an error naming the parameter`, () => {
      const { results } = chartTemplate({ ...base, ARGOCD_APP_PARAMETERS: params(...given) }, '/w/deploy/shop', fs);
      assert.equal(results.length, 1, results.map(formatResult).join('\n'));
      assert.match(formatResult(results[0]!), expected);
    });
  }
});
