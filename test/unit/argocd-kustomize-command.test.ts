import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { kustomizeArgv, transformerPluginPath, transformerPluginScript } from '../../functions/argocd/index.js';
import { toYaml, toYamlStream } from '../../functions/core/index.js';
import { config, deployment, projectContext } from '../fixtures.js';
import { CLI } from '../helpers.js';

describe('the kustomize command of generate', () => {
  const CASES: Array<[string, string | undefined, boolean, string[]]> = [
    ['CONTEXTCORE_KUSTOMIZE names the command, split on blanks', '  /opt/kustomize   build ', true, ['/opt/kustomize', 'build', '--enable-alpha-plugins']],
    ['kubectl\'s kustomize can be chosen', 'kubectl kustomize', true, ['kubectl', 'kustomize', '--enable-alpha-plugins']],
    ['without a setting a standalone kustomize on PATH is used', undefined, true, ['kustomize', 'build', '--enable-alpha-plugins']],
    ['without a setting or a standalone kustomize, kubectl kustomize', undefined, false, ['kubectl', 'kustomize', '--enable-alpha-plugins']],
    ['an empty setting counts as none', '', false, ['kubectl', 'kustomize', '--enable-alpha-plugins']],
  ];
  for (const [name, configured, standalone, argv] of CASES) it(name, () => assert.deepEqual(kustomizeArgv(configured, standalone), argv));

  it('never enables exec functions or helm', () => {
    for (const argv of [kustomizeArgv(undefined, true), kustomizeArgv(undefined, false)]) {
      assert.ok(!argv.some((a) => a === '--enable-exec' || a === '--enable-helm'));
    }
  });

  it('the transformer plugin sits where kustomize looks for a legacy exec plugin of our config kind', () => {
    assert.equal(transformerPluginPath('/h'), '/h/fn.contextcore.io/v1alpha1/projectcontextexpander/ProjectContextExpander');
  });
});

describe('the transformer plugin script, run by sh as kustomize runs it', () => {
  // A directory name with a quote and a space proves the quoting.
  const dir = mkdtempSync(join(tmpdir(), "cc plugin's-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a copy of the transformer config and prints the input expanded with it', () => {
    const plugin = transformerPluginPath(dir);
    mkdirSync(join(plugin, '..'), { recursive: true });
    const log = join(dir, 'configs.yaml');
    writeFileSync(plugin, transformerPluginScript(process.execPath, CLI, log));
    chmodSync(plugin, 0o755);
    const cfg = join(dir, 'config.yaml');
    writeFileSync(cfg, toYaml(config({ environment: 'staging' })));
    const r = spawnSync(plugin, [cfg], { input: toYamlStream([projectContext(), deployment()]), encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(r.status, 0, r.stderr);
    const kinds = parseAllDocuments(r.stdout).map((d) => d.toJS().kind);
    assert.deepEqual(kinds, ['ProjectContext', 'Deployment', 'ConfigMap'], 'the input and the plan');
    assert.match(r.stdout, /deployment\.environment\.name=staging/);
    const logged = parseAllDocuments(readFileSync(log, 'utf8')).map((d) => d.toJS()).filter(Boolean);
    assert.deepEqual(logged, [config({ environment: 'staging' })]);
  });

  it('fails with the expansion\'s message when the input is invalid', () => {
    const plugin = transformerPluginPath(dir);
    const cfg = join(dir, 'config.yaml');
    const r = spawnSync(plugin, [cfg], { input: toYamlStream([projectContext({ business: { criticality: 'urgent' } })]), encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /spec\.business\.criticality: must be one of/);
  });
});
