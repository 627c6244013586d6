// Which cluster the hook talks to, from the environment it is given (connect(env)): a KUBECONFIG
// list is merged as kubectl merges it, and what cannot be loaded is a problem, not a crash.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { connect } from '../../../../plugins/hook/cluster.js';

const dir = mkdtempSync(join(tmpdir(), 'cc-cluster-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A kubeconfig file with one cluster, user and context named `name`; current-context when `current`. */
function kubeconfig(file: string, name: string, current: boolean): string {
  const path = join(dir, file);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name, cluster: { server: `https://${name}.example:6443` } }],
      users: [{ name, user: { token: 't' } }],
      contexts: [{ name, context: { cluster: name, user: name, namespace: `ns-${name}` } }],
      ...(current ? { 'current-context': name } : {}),
    }),
  );
  return path;
}

describe('the cluster hook emit connects to', () => {
  const a = kubeconfig('a.json', 'a', true);
  const b = kubeconfig('b.json', 'b', true);
  const noCurrent = kubeconfig('c.json', 'c', false);
  const home = join(dir, 'home');
  kubeconfig('home/.kube/config', 'home', true);

  // [sentence, env, server or problem]
  const cases: Array<[string, NodeJS.ProcessEnv, RegExp]> = [
    ['KUBECONFIG naming one file: its current context', { KUBECONFIG: a }, /^https:\/\/a\.example/],
    ['a KUBECONFIG list: the first file that sets current-context decides, as with kubectl', { KUBECONFIG: [a, b].join(delimiter) }, /^https:\/\/a\.example/],
    ['a KUBECONFIG list whose first file sets none: the next one that does', { KUBECONFIG: [noCurrent, b].join(delimiter) }, /^https:\/\/b\.example/],
    ['no KUBECONFIG: ~/.kube/config of the HOME given', { HOME: home }, /^https:\/\/home\.example/],
    ['no KUBECONFIG and no ~/.kube/config: a problem saying so', { HOME: join(dir, 'nowhere') }, /^no cluster configuration/],
    ['KUBECONFIG naming a missing file: a problem naming it', { KUBECONFIG: join(dir, 'missing.json') }, /^cannot load the cluster configuration from .*missing\.json/],
    ['two files defining the same cluster: a problem naming the list', { KUBECONFIG: [a, a].join(delimiter) }, /^cannot load the cluster configuration from .*a\.json.*: Duplicate cluster: a$/],
  ];
  for (const [name, env, expected] of cases) {
    it(name, () => {
      const out = connect({ KUBERNETES_SERVICE_HOST: '', ...env });
      assert.match('cluster' in out ? out.cluster.server : out.problem, expected);
    });
  }

  it('the namespace is the current context\'s', () => {
    const out = connect({ KUBERNETES_SERVICE_HOST: '', KUBECONFIG: [noCurrent, b].join(delimiter) });
    assert.ok('cluster' in out);
    assert.equal(out.cluster.namespace, 'ns-b');
  });
});
