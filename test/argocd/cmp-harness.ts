// Conformance harness: does for a test app what Argo CD does for a CMP v2 sidecar (read at the
// source: reposerver/repository/repository.go getPluginEnvs/newEnv, pkg/apis/application/v1alpha1
// ApplicationSourcePluginParameters.Environ, cmpserver/plugin/plugin.go, util/io/files/tar.go,
// gitops-engine kube.SplitYAML). It
//   - reads argocd/install/plugin.yaml and validates it as argocd-cmp-server does;
//   - copies the repository into a fresh work directory with files 0644 and directories 0755
//     (no exec bits: preserveFileMode is false);
//   - builds the Application's environment: ARGOCD_APP_*, KUBE_*, ARGOCD_ENV_<name> (with $VAR
//     references to the build environment expanded), ARGOCD_APP_PARAMETERS and PARAM_*; entries
//     with empty values are dropped, as the cmp-server's environ() does;
//   - evaluates the discover rule in the app directory and runs the generate command there, as
//     uid 999 (when the tests run as root) with a read-only HOME and its own TMPDIR, from the
//     sidecar's own copy of the CLI (the clone may be one uid 999 cannot enter), on the image's
//     Node release where scripts/node-versions.mjs fetched it, with the image's pinned kustomize
//     and helm and helm's directories under its /tmp;
//   - parses stdout as Argo CD does: a YAML or JSON stream in which every object needs a kind.

import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { goToolPath } from '../../scripts/go-tools.mjs';
import { compareText } from '../../functions/core/index.js';
import { ROOT, which, withoutOrchestratorAnnotations } from '../helpers.js';
import { IMAGE_NODE_MAJOR, nodeBinaryPath } from '../../scripts/node-versions.mjs';
import { asUser, cannotRunAs, cannotSwitchUser, installCli, reachableTempDir } from '../support/other-user.js';

export const PLUGIN_FILE = join(ROOT, 'argocd/install/plugin.yaml');

export interface Command {
  command?: string[];
  args?: string[];
}

export interface PluginConfig {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    version?: string;
    init?: Command;
    generate: Command;
    discover: { fileName?: string; find?: Command & { glob?: string } };
    parameters?: { static?: Array<Record<string, unknown>> };
    preserveFileMode?: boolean;
  };
}

/** cmpserver/plugin/config.go ValidatePluginConfig, plus the apiVersion the docs give. */
export function loadPlugin(path = PLUGIN_FILE): PluginConfig {
  const config = parse(readFileSync(path, 'utf8')) as PluginConfig;
  const problems = [
    config.apiVersion !== 'argoproj.io/v1alpha1' && 'apiVersion should be argoproj.io/v1alpha1',
    !config.metadata?.name && 'metadata.name should be non-empty',
    config.kind !== 'ConfigManagementPlugin' && `kind should be ConfigManagementPlugin, found ${config.kind}`,
    !config.spec?.generate?.command?.length && 'spec.generate command should be non-empty',
    !config.spec?.discover?.find?.glob && !config.spec?.discover?.find?.command?.length && !config.spec?.discover?.fileName && 'one of discover.find.command, discover.find.glob or discover.fileName should be non-empty',
  ].filter(Boolean);
  if (problems.length) throw new Error(`invalid plugin configuration file: ${problems.join('; ')}`);
  return config;
}

export interface PluginParameter {
  name: string;
  string?: string;
  map?: Record<string, string>;
  array?: string[];
}

export interface Application {
  name: string;
  /** spec.destination.namespace */
  namespace?: string;
  project?: string;
  repoURL: string;
  /** spec.source.path */
  path: string;
  targetRevision?: string;
  plugin?: { name?: string; env?: Array<{ name: string; value: string }>; parameters?: PluginParameter[] };
}

/** The parts of an argoproj.io/v1alpha1 Application manifest the repo-server uses. */
export function applicationOf(manifest: any): Application {
  const source = manifest.spec.source;
  return {
    name: manifest.metadata.name,
    namespace: manifest.spec.destination?.namespace,
    project: manifest.spec.project,
    repoURL: source.repoURL,
    path: source.path,
    targetRevision: source.targetRevision,
    plugin: source.plugin,
  };
}

/** Argo CD's escaping of PARAM_* names. */
const escaped = (name: string) => name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

/** Go's json.Marshal of a parameter: keys (and map keys) sorted. */
function paramJson(p: PluginParameter): string {
  const sorted = (m: Record<string, string>) => Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]]));
  const out: Record<string, unknown> = {};
  if (p.array !== undefined) out.array = p.array;
  if (p.map !== undefined) out.map = sorted(p.map);
  out.name = p.name;
  if (p.string !== undefined) out.string = p.string;
  return JSON.stringify(out);
}

/** os.Expand over the build environment, as Env.Envsubst does for plugin env values. */
const envsubst = (value: string, build: Map<string, string>) => value.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => build.get(a ?? b) ?? '');

/** The NAME=VALUE list the repo-server sends with the app (getPluginEnvs). */
export function applicationEnv(app: Application, revision: string): Array<[string, string]> {
  const build: Array<[string, string]> = [
    ['ARGOCD_APP_NAME', app.name],
    ['ARGOCD_APP_NAMESPACE', app.namespace ?? ''],
    ['ARGOCD_APP_PROJECT_NAME', app.project ?? 'default'],
    ['ARGOCD_APP_REVISION', revision],
    ['ARGOCD_APP_REVISION_SHORT', revision.slice(0, 7)],
    ['ARGOCD_APP_REVISION_SHORT_8', revision.slice(0, 8)],
    ['ARGOCD_APP_SOURCE_REPO_URL', app.repoURL],
    ['ARGOCD_APP_SOURCE_PATH', app.path],
    ['ARGOCD_APP_SOURCE_TARGET_REVISION', app.targetRevision ?? 'HEAD'],
    ['KUBE_VERSION', '1.32.0'],
    ['KUBE_API_VERSIONS', 'v1,apps/v1,batch/v1,monitoring.coreos.com/v1,contextcore.io/v1'],
  ];
  const env = [...build];
  if (app.plugin) {
    const buildMap = new Map(build);
    for (const e of app.plugin.env ?? []) env.push([`ARGOCD_ENV_${e.name}`, envsubst(e.value, buildMap)]);
    const params = app.plugin.parameters ?? [];
    // json.Marshal of the Application's parameters: a nil slice (none given) is `null`.
    env.push(['ARGOCD_APP_PARAMETERS', params.length ? `[${params.map(paramJson).join(',')}]` : 'null']);
    for (const p of params) {
      const base = `PARAM_${escaped(p.name)}`;
      if (p.string !== undefined) env.push([base, p.string]);
      for (const [k, v] of Object.entries(p.map ?? {})) env.push([`${base}_${escaped(k)}`, v]);
      (p.array ?? []).forEach((v, i) => env.push([`${base}_${i}`, v]));
    }
  }
  return env;
}

/** A fresh work directory holding the repository as the cmp-server extracts it: files 0644, directories 0755. */
export function stageRepository(files: Record<string, string> | string): string {
  const work = reachableTempDir('contextcore-cmp-');
  const writeFile = (rel: string, content: Buffer | string) => {
    const target = join(work, rel);
    mkdirSync(join(target, '..'), { recursive: true, mode: 0o755 });
    writeFileSync(target, content, { mode: 0o644 });
    chmodSync(target, 0o644);
  };
  if (typeof files === 'string') {
    const walk = (dir: string, rel: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.name === 'node_modules' || e.name === '.git' || e.name === 'dist') continue;
        if (e.isDirectory()) walk(join(dir, e.name), join(rel, e.name));
        else if (e.isFile()) writeFile(join(rel, e.name), readFileSync(join(dir, e.name)));
      }
    };
    walk(files, '');
  } else {
    for (const [rel, content] of Object.entries(files)) writeFile(rel, content);
  }
  // Directories created along the way get 0755 regardless of umask.
  const fixDirs = (dir: string) => {
    chmodSync(dir, 0o755);
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) fixDirs(join(dir, e.name));
  };
  fixDirs(work);
  return work;
}

/** The sidecar: `contextcore` on PATH (its own copy of the CLI), a read-only home, its own /tmp, the image's kustomize, helm and their settings. */
export interface Sidecar {
  env: Record<string, string>;
  /** Runs argv as the sidecar user (uid 999 when the tests can switch to it). */
  wrap(argv: string[]): string[];
  /** Why generate runs as the current user instead of uid 999 (undefined when it runs as 999). */
  notUid999?: string;
  dispose(): void;
}

export const SIDECAR_UID = 999;

export function sidecar(): Sidecar {
  const root = reachableTempDir('contextcore-sidecar-');
  const bin = join(root, 'bin');
  const home = join(root, 'home');
  const tmp = join(root, 'tmp');
  mkdirSync(bin);
  mkdirSync(home);
  mkdirSync(tmp);
  // As argocd/Dockerfile lays it out: the CLI in /usr/local/lib/contextcore, linked from bin.
  const cli = installCli(join(root, 'lib/contextcore'));
  symlinkSync(relative(bin, cli), join(bin, 'contextcore'));
  chmodSync(bin, 0o755);
  chmodSync(home, 0o555);
  chmodSync(tmp, 0o1777);
  // The standalone kustomize, copied in as the image has its own (the pinned build may live
  // where uid 999 cannot enter).
  const standalone = which('kustomize') ?? goToolPath('kustomize');
  const kustomize = standalone !== undefined;
  if (standalone) {
    copyFileSync(standalone, join(bin, 'kustomize'));
    chmodSync(join(bin, 'kustomize'), 0o755);
  }
  // The image's node (argocd/Dockerfile: Node 24) where it is fetched, put in as the image has
  // its own; else the node running the tests, next on PATH.
  const imageNode = nodeBinaryPath(IMAGE_NODE_MAJOR);
  if (imageNode) {
    try {
      linkSync(imageNode, join(bin, 'node'));
    } catch {
      copyFileSync(imageNode, join(bin, 'node'));
      chmodSync(join(bin, 'node'), 0o755);
    }
  }
  // The pinned helm, copied in likewise (the image builds the same one).
  const helm = goToolPath('helm');
  if (helm) {
    copyFileSync(helm, join(bin, 'helm'));
    chmodSync(join(bin, 'helm'), 0o755);
  }
  const notUid999 = cannotSwitchUser() ?? cannotRunAs(SIDECAR_UID, cli, root);
  const env: Record<string, string> = {
    PATH: `${bin}:${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    TMPDIR: tmp,
    // The image sets "kustomize build" (its pinned kustomize); here kubectl's kustomize stands in when there is no standalone one.
    CONTEXTCORE_KUSTOMIZE: kustomize ? 'kustomize build' : 'kubectl kustomize',
    // As argocd/Dockerfile sets them: helm writes under the sidecar's /tmp, never the read-only home.
    CONTEXTCORE_HELM: 'helm',
    HELM_CACHE_HOME: join(tmp, 'helm/cache'),
    HELM_CONFIG_HOME: join(tmp, 'helm/config'),
    HELM_DATA_HOME: join(tmp, 'helm/data'),
  };
  return {
    env,
    ...(notUid999 ? { notUid999 } : {}),
    wrap: (argv) => (notUid999 ? argv : asUser(SIDECAR_UID, argv)),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface CmpRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runInApp(command: Command, appDir: string, env: Array<[string, string]>, car: Sidecar): CmpRun {
  const argv = [...(command.command ?? []), ...(command.args ?? [])];
  // cmd.Env = os.Environ() + environ(entries): entries with an empty name or value are dropped.
  const fullEnv = { ...car.env, ...Object.fromEntries(env.filter(([k, v]) => k && v)) };
  const wrapped = car.wrap(argv);
  const r = spawnSync(wrapped[0]!, wrapped.slice(1), { cwd: appDir, env: fullEnv, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** cmpserver matchRepository: fileName / find.glob in the app directory, else find.command there (non-empty stdout = match). */
export function matchRepository(plugin: PluginConfig, workDir: string, appRelPath: string, env: Array<[string, string]>, car: Sidecar): boolean {
  const discover = plugin.spec.discover;
  if (discover.fileName || discover.find?.glob) throw new Error('the harness evaluates find.command rules only; plugin.yaml changed its discover rule');
  const run = runInApp(discover.find!, join(workDir, appRelPath), env, car);
  if (run.code !== 0) throw new Error(`discover command failed (exit ${run.code}): ${run.stderr}`);
  return run.stdout.replace(/\n$/, '') !== '';
}

/** cmpserver generateManifest: init (if any) then generate in the app directory. */
export function generateManifest(plugin: PluginConfig, workDir: string, appRelPath: string, env: Array<[string, string]>, car: Sidecar): CmpRun {
  const appDir = join(workDir, appRelPath);
  if (!statSync(appDir).isDirectory()) throw new Error(`no app directory ${appRelPath}`);
  if (plugin.spec.init?.command?.length) {
    const init = runInApp(plugin.spec.init, appDir, env, car);
    if (init.code !== 0) return init;
  }
  return runInApp(plugin.spec.generate, appDir, env, car);
}

/**
 * What the repo-server does with the output: a YAML or JSON stream, empty and null documents
 * skipped, every other document an object with a kind ("Object 'Kind' is missing").
 */
export function splitManifests(stdout: string): Array<Record<string, any>> {
  const out: Array<Record<string, any>> = [];
  for (const doc of parseAllDocuments(stdout)) {
    if (doc.errors.length) throw new Error(`failed to unmarshal manifest: ${doc.errors[0]!.message}`);
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`failed to unmarshal manifest: not an object: ${JSON.stringify(value).slice(0, 80)}`);
    if (typeof value.kind !== 'string' || !value.kind) throw new Error(`Object 'Kind' is missing in '${JSON.stringify(value).slice(0, 80)}'`);
    out.push(value);
  }
  return out;
}

/** The manifests without orchestrator annotations, in kind/namespace/name order. */
export function sortedManifests(stream: string): Array<Record<string, any>> {
  const key = (m: Record<string, any>) => `${m.kind}/${m.metadata?.namespace ?? ''}/${m.metadata?.name}`;
  return splitManifests(stream)
    .map((m) => withoutOrchestratorAnnotations(m))
    .sort((a, b) => compareText(key(a), key(b)));
}
