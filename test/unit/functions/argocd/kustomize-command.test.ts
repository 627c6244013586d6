import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { kustomizeArgv, kustomizeMessages, transformerPluginScript, transformerRuns } from '../../../../functions/argocd/index.js';
import { toYaml, toYamlStream } from '../../../../functions/core/index.js';
import { legacyPluginPath } from '../../../../functions/project-context-expander/plugin-install.js';
import { config, deployment, projectContext } from '../../../fixtures.js';
import { CLI } from '../../../helpers.js';

describe('the kustomize of a build', () => {
  const path = (...commands: string[]) => (command: string) => commands.includes(command);
  const CASES: Array<[string, string | undefined, (command: string) => boolean, ReturnType<typeof kustomizeArgv>]> = [
    ['CONTEXTCORE_KUSTOMIZE names the command, split on blanks', '  /opt/kustomize   build ', path(), { argv: ['/opt/kustomize', 'build', '--enable-alpha-plugins'], chosenBy: 'CONTEXTCORE_KUSTOMIZE="/opt/kustomize   build"' }],
    ["kubectl's kustomize can be chosen", 'kubectl kustomize', path('kustomize'), { argv: ['kubectl', 'kustomize', '--enable-alpha-plugins'], chosenBy: 'CONTEXTCORE_KUSTOMIZE="kubectl kustomize"' }],
    ['without a setting a standalone kustomize on PATH is used', undefined, path('kustomize', 'kubectl'), { argv: ['kustomize', 'build', '--enable-alpha-plugins'], chosenBy: '`kustomize` on PATH' }],
    ['without a setting or a standalone kustomize, kubectl kustomize', undefined, path('kubectl'), { argv: ['kubectl', 'kustomize', '--enable-alpha-plugins'], chosenBy: '`kubectl` on PATH (no `kustomize`)' }],
    ['an empty setting counts as none', '', path('kubectl'), { argv: ['kubectl', 'kustomize', '--enable-alpha-plugins'], chosenBy: '`kubectl` on PATH (no `kustomize`)' }],
    [
      'with neither on PATH, the problem names both and the setting',
      undefined,
      path(),
      { problem: 'a kustomization is built with kustomize, and neither `kustomize` nor `kubectl` is on PATH: install kustomize v5 or kubectl (which has it built in), or set CONTEXTCORE_KUSTOMIZE to the command (e.g. "kustomize build" or "kubectl kustomize")' },
    ],
  ];
  for (const [name, configured, onPath, choice] of CASES) it(name, () => assert.deepEqual(kustomizeArgv(configured, onPath), choice));

  it('never enables exec functions or helm', () => {
    for (const choice of [kustomizeArgv(undefined, path('kustomize')), kustomizeArgv(undefined, path('kubectl'))]) {
      assert.ok('argv' in choice && !choice.argv.some((a) => a === '--enable-exec' || a === '--enable-helm'));
    }
  });
});

describe('kustomize\'s messages', () => {
  const CASES: Array<[string, string, string[]]> = [
    [
      'kubectl\'s klog line loses its time, PID and source, and its err="…" quoting',
      'E1121 07:59:31.081336   31867 run.go:72] "command failed" err="accumulating resources: \'missing.yaml\': lstat /tmp/kt/missing.yaml: no such file or directory"\n',
      ["accumulating resources: 'missing.yaml': lstat /tmp/kt/missing.yaml: no such file or directory"],
    ],
    ['escaped quotes and newlines inside err="…" become one line', 'E0101 00:00:00.000001 1 run.go:72] "command failed" err="a \\"b\\"\\nc"', ['a "b" c']],
    ['standalone kustomize\'s "Error:" goes', 'Error: accumulating resources: boom\n', ['accumulating resources: boom']],
    ['a deprecation warning loses its "# Warning:"', "# Warning: 'commonLabels' is deprecated.\n\n", ["'commonLabels' is deprecated."]],
    ['nothing is no message', '\n', []],
  ];
  for (const [name, stderr, messages] of CASES) it(name, () => assert.deepEqual(kustomizeMessages(stderr), messages));
});

describe('the transformer plugin script, run by sh as kustomize runs it', () => {
  // A directory name with a quote and a space proves the quoting.
  const dir = mkdtempSync(join(tmpdir(), "cc plugin's-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const plugin = legacyPluginPath(dir);
  const resultsFile = join(dir, 'results.jsonl');
  const cfg = join(dir, 'config.yaml');

  it('prints the input expanded with the transformer config, and appends what it reports to the results file, one line a run', () => {
    mkdirSync(join(plugin, '..'), { recursive: true });
    writeFileSync(plugin, transformerPluginScript(process.execPath, CLI, resultsFile));
    chmodSync(plugin, 0o755);
    // A Deployment without its Service: rendered anyway (onUnmetRequirement: warn), the input and the plan.
    writeFileSync(cfg, toYaml(config({ environment: 'staging', onUnmetRequirement: 'warn' })));
    for (let run = 0; run < 2; run++) {
      const r = spawnSync(plugin, [cfg], { input: toYamlStream([projectContext(), deployment()]), encoding: 'utf8', env: { PATH: process.env.PATH, PARAM_ENVIRONMENT: 'production' } });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '', 'results go to the file, not to kustomize');
      const kinds = parseAllDocuments(r.stdout).map((d) => d.toJS().kind);
      assert.deepEqual(kinds, ['ProjectContext', 'Deployment', 'ConfigMap'], 'the input and the plan');
      assert.match(r.stdout, /deployment\.environment\.name=production/);
    }
    const runs = transformerRuns(readFileSync(resultsFile, 'utf8'));
    assert.equal(runs.length, 2);
    for (const { results } of runs) assert.ok(results.some((r) => r.severity === 'info' && /"staging" from .* is replaced by "production" from parameter environment/.test(r.message)), JSON.stringify(results));
  });

  it('fails with nothing on stdout when the input is invalid, and the results file says why', () => {
    rmSync(resultsFile, { force: true });
    const r = spawnSync(plugin, [cfg], { input: toYamlStream([projectContext({ business: { criticality: 'urgent' } })]), encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    const [run] = transformerRuns(readFileSync(resultsFile, 'utf8'));
    assert.ok(run!.results.some((x) => x.severity === 'error' && x.field?.path === 'spec.business.criticality'), JSON.stringify(run));
  });
});
