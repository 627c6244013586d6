// The install manifests (argocd/install) rendered with kustomize against a stand-in of the
// argocd-repo-server Deployment (test/argocd/repo-server-standin), checked field by field against
// what Argo CD requires of a CMP sidecar (docs/operator-manual/config-management-plugins.md), and
// the plugin config and the sidecar image checked against the code they describe.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { parameterAnnouncements } from '../functions/argocd/index.js';
import { GO_TOOLS } from '../scripts/go-tools.mjs';
import { ARGOCD_CMP_IMAGE, ARGOCD_PLUGIN_NAME, ARGOCD_PLUGIN_VERSION } from '../functions/argocd/conventions.js';
import { loadPlugin, PLUGIN_FILE } from './argocd/cmp-harness.js';
import { ROOT, which } from './helpers.js';

const STANDIN = join(ROOT, 'test/argocd/repo-server-standin');
const kubectl = which('kubectl');

describe('Argo CD install manifests rendered with kustomize', { skip: kubectl ? false : 'kubectl is not installed' }, () => {
  if (!kubectl) {
    console.error('*** SKIPPING the Argo CD install manifest checks: kubectl (kustomize) is not installed ***');
    return;
  }
  const run = spawnSync('kubectl', ['kustomize', STANDIN], { encoding: 'utf8' });
  const docs = run.status === 0 ? parseAllDocuments(run.stdout).map((d) => d.toJS()) : [];
  const standin = parse(readFileSync(join(STANDIN, 'argocd-repo-server.yaml'), 'utf8'));
  const deployment = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === 'argocd-repo-server');
  const pod = deployment?.spec.template.spec;
  const sidecar = pod?.containers.find((c: any) => c.image === ARGOCD_CMP_IMAGE);
  const volume = (name: string) => pod.volumes.find((v: any) => v.name === name);
  const mountAt = (path: string) => sidecar.volumeMounts.find((m: any) => m.mountPath === path);

  it('kubectl kustomize builds the stand-in installation with the component', () => {
    assert.equal(run.status, 0, run.stderr);
    assert.ok(sidecar, 'a container runs the ContextCore CMP image');
  });

  it('the sidecar runs argocd-cmp-server from the shared var-files volume', () => {
    assert.deepEqual(sidecar.command, ['/var/run/argocd/argocd-cmp-server']);
    assert.equal(sidecar.args, undefined);
    assert.equal(mountAt('/var/run/argocd').name, 'var-files');
  });

  it('the sidecar runs as non-root user 999', () => {
    assert.equal(sidecar.securityContext.runAsNonRoot, true);
    assert.equal(sidecar.securityContext.runAsUser, 999);
    assert.equal(sidecar.securityContext.allowPrivilegeEscalation, false);
  });

  it('the sidecar shares the plugins volume, where argocd-cmp-server puts its socket', () => {
    assert.equal(mountAt('/home/argocd/cmp-server/plugins').name, 'plugins');
    assert.ok(volume('plugins').emptyDir, 'the repo-server\'s plugins volume is kept');
  });

  it('plugin.yaml is mounted at /home/argocd/cmp-server/config/plugin.yaml from the generated ConfigMap', () => {
    const m = mountAt('/home/argocd/cmp-server/config/plugin.yaml');
    assert.equal(m.subPath, 'plugin.yaml');
    const cmName = volume(m.name).configMap.name;
    const cm = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === cmName);
    assert.ok(cm, `ConfigMap ${cmName} is rendered (its name follows the content hash)`);
    assert.match(cmName, /^contextcore-cmp-plugin-[a-z0-9]+$/);
    assert.equal(cm.data['plugin.yaml'], readFileSync(PLUGIN_FILE, 'utf8'));
  });

  it('the sidecar has a /tmp of its own: an emptyDir no other container mounts', () => {
    const m = mountAt('/tmp');
    assert.ok(volume(m.name).emptyDir, `${m.name} is an emptyDir`);
    const others = [...pod.containers, ...(pod.initContainers ?? [])].filter((c: any) => c !== sidecar);
    for (const c of others) assert.ok(!(c.volumeMounts ?? []).some((v: any) => v.name === m.name), `${c.name} does not mount ${m.name}`);
  });

  it('the repo-server container, the init container and the volumes it had are unchanged, and the repo-server stays the first container', () => {
    const original = standin.spec.template.spec;
    assert.deepEqual(pod.containers[0], original.containers[0]);
    assert.deepEqual(pod.initContainers, original.initContainers);
    for (const v of original.volumes) assert.deepEqual(volume(v.name), v);
    assert.equal(pod.containers.length, original.containers.length + 1);
  });
});

describe('the plugin config', () => {
  const plugin = loadPlugin();

  it('is a valid ConfigManagementPlugin (as argocd-cmp-server validates it) with our name and version', () => {
    assert.equal(plugin.metadata.name, ARGOCD_PLUGIN_NAME);
    assert.equal(plugin.spec.version, ARGOCD_PLUGIN_VERSION);
  });

  it('runs contextcore argocd generate and discovers with contextcore argocd discover', () => {
    assert.deepEqual([...(plugin.spec.generate.command ?? []), ...(plugin.spec.generate.args ?? [])], ['contextcore', 'argocd', 'generate']);
    assert.deepEqual(plugin.spec.discover.find?.command, ['contextcore', 'argocd', 'discover']);
    assert.equal(plugin.spec.init, undefined);
  });

  it('announces exactly the settings the plugin reads, with the defaults it applies', () => {
    assert.deepEqual(plugin.spec.parameters?.static, parameterAnnouncements());
  });

  it('keeps repository files without exec bits', () => {
    assert.equal(plugin.spec.preserveFileMode, false);
  });
});

describe('the sidecar image', () => {
  const dockerfile = readFileSync(join(ROOT, 'argocd/Dockerfile'), 'utf8');
  const ignore = readFileSync(join(ROOT, 'argocd/Dockerfile.dockerignore'), 'utf8');
  const patch = readFileSync(join(ROOT, 'argocd/install/repo-server-sidecar.yaml'), 'utf8');

  it('the sidecar patch uses the image name and version of this release', () => {
    assert.match(patch, new RegExp(`image: ${ARGOCD_CMP_IMAGE.replace(/[.]/g, '\\.')}\\n`));
    assert.match(dockerfile, new RegExp(`-t ${ARGOCD_CMP_IMAGE.replace(/[.]/g, '\\.')} `));
  });

  it('runs as user 999 and bakes in the plugin config where argocd-cmp-server reads it', () => {
    assert.match(dockerfile, /^USER 999:999$/m);
    assert.match(dockerfile, /^COPY argocd\/install\/plugin\.yaml \/home\/argocd\/cmp-server\/config\/plugin\.yaml$/m);
  });

  for (const [tool, arg, pkg] of [['helm', 'HELM_VERSION', 'helm.sh/helm/v4/cmd/helm'], ['kustomize', 'KUSTOMIZE_VERSION', 'sigs.k8s.io/kustomize/kustomize/v5']] as const) {
    it(`builds ${tool} with go install at the version the tests pin (scripts/go-tools.mjs)`, () => {
      assert.equal(new RegExp(`^ARG ${arg}=(\\S+)$`, 'm').exec(dockerfile)?.[1], GO_TOOLS[tool].version);
      assert.deepEqual(GO_TOOLS[tool].packages, [pkg]);
      assert.match(dockerfile, new RegExp(`go install "${pkg.replaceAll('.', '\\.')}@\\$\\{${arg}\\}"`));
    });
  }

  it('generate uses the pinned kustomize and helm, and helm writes its cache, configuration and data under /tmp', () => {
    assert.match(dockerfile, /^ENV CONTEXTCORE_KUSTOMIZE="kustomize build" \\$/m);
    assert.match(dockerfile, /^COPY --from=go-tools \/out\/kustomize \/out\/helm \/usr\/local\/bin\/$/m);
    for (const name of ['HELM_CACHE_HOME', 'HELM_CONFIG_HOME', 'HELM_DATA_HOME']) assert.match(dockerfile, new RegExp(`^\\s+${name}=/tmp/helm/\\w+ \\\\$`, 'm'));
  });

  it('puts contextcore on PATH, as plugin.yaml calls it', () => {
    assert.match(dockerfile, /ln -s \/usr\/local\/lib\/contextcore\/contextcore\.cjs \/usr\/local\/bin\/contextcore/);
  });

  it('every file the build copies from the context exists and is let through by its .dockerignore', () => {
    const allowed = ignore.split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, ''));
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/)).map((s) => s.replace(/\/$/, ''));
    assert.ok(sources.length >= 5, sources.join(' '));
    for (const s of sources) {
      assert.ok(existsSync(join(ROOT, s)), `${s} exists`);
      assert.ok(allowed.includes(s), `${s} is let through by argocd/Dockerfile.dockerignore`);
    }
  });
});
