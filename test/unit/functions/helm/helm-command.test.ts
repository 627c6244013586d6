import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dependencyBuildArgv, destinationCapabilities, escapeSetValue, helmCommand, helmMessages, isMissingDependency, kustomizeHelmFlags, kustomizeHelmVersionProblem, templateArgv } from '../../../../functions/helm/index.js';

describe('helm template as Argo CD runs it', () => {
  it('the arguments come in the order of Argo CD\'s Cmd.template: name, namespace, kube version, --set, value files, values, API versions, CRDs', () => {
    const argv = templateArgv({
      releaseName: 'shop',
      namespace: 'shop-prod',
      kubeVersion: '1.32.0',
      apiVersions: ['v1', 'apps/v1'],
      set: { 'image.tag': 'v2', replicas: '3' },
      valueFiles: ['/repo/chart/values-prod.yaml', '/repo/values/common.yaml'],
      valuesFile: '/tmp/x/values.yaml',
    });
    assert.deepEqual(argv, [
      'template', '.', '--name-template', 'shop', '--namespace', 'shop-prod', '--kube-version', '1.32.0',
      '--set', 'image.tag=v2', '--set', 'replicas=3',
      '--values', '/repo/chart/values-prod.yaml', '--values', '/repo/values/common.yaml', '--values', '/tmp/x/values.yaml',
      '--api-versions', 'v1', '--api-versions', 'apps/v1', '--include-crds',
    ]);
  });

  it('with nothing optional: name, namespace and CRDs only', () => assert.deepEqual(templateArgv({ releaseName: 'a', namespace: 'default' }), ['template', '.', '--name-template', 'a', '--namespace', 'default', '--include-crds']));

  it('--set keys are sorted, so the command line is the same every run (Argo CD ranges over a Go map)', () => {
    const a = templateArgv({ releaseName: 'a', namespace: 'n', set: { z: '1', a: '2', m: '3' } });
    assert.deepEqual(a.filter((x, i) => a[i - 1] === '--set'), ['a=2', 'm=3', 'z=1']);
  });

  // Argo CD's own cases (util/helm/helm_test.go TestHelmArgCleaner).
  const ESCAPES: Array<[string, string]> = [
    ['val', 'val'],
    ['not, clean', 'not\\, clean'],
    ['a\\,b,c', 'a\\,b\\,c'],
    ['{a,b,c}', '{a,b,c}'],
    [',,,,,\\,', '\\,\\,\\,\\,\\,\\,'],
    ['\\,,\\\\,,', '\\,\\,\\\\,\\,'],
  ];
  for (const [input, expected] of ESCAPES) it(`a --set value ${JSON.stringify(input)} is passed as ${JSON.stringify(expected)}`, () => assert.equal(escapeSetValue(input), expected));

  it('dependency build fetches over plain HTTP only when asked', () => {
    assert.deepEqual(dependencyBuildArgv(false), ['dependency', 'build']);
    assert.deepEqual(dependencyBuildArgv(true), ['dependency', 'build', '--plain-http']);
  });

  it('a missing dependency is told by helm\'s messages of Chart.yaml (v2) and requirements.yaml (v1)', () => {
    assert.ok(isMissingDependency("Error: An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: lib"));
    assert.ok(isMissingDependency('found in requirements.yaml, but missing in charts/ directory: lib'));
    assert.ok(!isMissingDependency('Error: parse error at (shop/templates/x.yaml:3)'));
  });

  it('the destination is read from KUBE_VERSION and KUBE_API_VERSIONS', () => {
    assert.deepEqual(destinationCapabilities({ KUBE_VERSION: '1.32.0', KUBE_API_VERSIONS: 'v1, apps/v1,,monitoring.coreos.com/v1' }), { kubeVersion: '1.32.0', apiVersions: ['v1', 'apps/v1', 'monitoring.coreos.com/v1'] });
    assert.deepEqual(destinationCapabilities({ KUBE_VERSION: '', KUBE_API_VERSIONS: '' }), { apiVersions: [] });
  });
});

describe('which helm', () => {
  it('CONTEXTCORE_HELM wins, else helm on PATH, else the problem naming how to get it', () => {
    assert.deepEqual(helmCommand('/opt/helm ', () => false, 'a Helm chart'), { command: '/opt/helm', chosenBy: 'CONTEXTCORE_HELM="/opt/helm"' });
    assert.deepEqual(helmCommand(undefined, (c) => c === 'helm', 'a Helm chart'), { command: 'helm', chosenBy: '`helm` on PATH' });
    const none = helmCommand('', () => false, 'a kustomization with helmCharts:');
    assert.ok('problem' in none);
    assert.match(none.problem, /^a kustomization with helmCharts: is templated with helm, and `helm` is not on PATH: install helm v3 or v4 .*go install helm\.sh\/helm\/v4\/cmd\/helm@v4\.3\.2.*set CONTEXTCORE_HELM to its path$/);
  });
});

describe('helm\'s messages', () => {
  it('helm v4\'s indented lines continue one message; "Error: " and advice about its flags go; temporary paths are named', () => {
    const stderr = 'Error: shop/templates/bad.yaml:1:10\n  executing "shop/templates/bad.yaml" at <.Values.x.y>:\n    nil pointer evaluating interface {}.y\n\nUse --debug flag to render out invalid YAML\nError: open /tmp/contextcore-helm-1/values.yaml: no such file\n';
    assert.deepEqual(helmMessages(stderr, [{ path: '/tmp/contextcore-helm-1/values.yaml', as: '<parameter helm-values>' }]), [
      'shop/templates/bad.yaml:1:10 executing "shop/templates/bad.yaml" at <.Values.x.y>: nil pointer evaluating interface {}.y',
      'open <parameter helm-values>: no such file',
    ]);
  });
});

describe('kustomize with helm', () => {
  it('the flags name the helm and the destination, as Argo CD gives kustomize v5.3 and later', () => {
    assert.deepEqual(kustomizeHelmFlags('/usr/local/bin/helm', '1.32.0', ['v1', 'apps/v1']), ['--enable-helm', '--helm-command', '/usr/local/bin/helm', '--helm-kube-version', '1.32.0', '--helm-api-versions', 'v1', '--helm-api-versions', 'apps/v1']);
    assert.deepEqual(kustomizeHelmFlags('helm', undefined, []), ['--enable-helm', '--helm-command', 'helm']);
  });

  it('a kustomize that runs helm v3 only is told from its failure with helm v4, and nothing else is', () => {
    assert.match(kustomizeHelmVersionProblem("Error: unknown shorthand flag: 'c' in -c\n: unable to run: 'helm version -c --short' with env=[HELM_CONFIG_HOME=/tmp/kustomize-helm-123/helm]")!, /^this kustomize runs helm v3 only/);
    assert.match(kustomizeHelmVersionProblem('this plugin requires helm V3 but got v4.3.2')!, /^this kustomize runs helm v3 only/);
    assert.equal(kustomizeHelmVersionProblem('accumulating resources: missing.yaml'), undefined);
  });
});
