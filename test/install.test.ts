// The package as a user installs it, the three ways docs/cli.md gives (its ```sh install block,
// run as written): the tarball `npm pack` makes (what a release attaches), a clone (`npm ci`, then
// `npm install -g .`), and a tag from a git URL through `npm pack` (the GitHub spec of the page
// pointed at a git+file:// repository of this work tree). Each into a temporary prefix; the
// tarball's binaries run every front end on every supported Node; the others render, and all
// three hold the same dist/. The bundle is the install: no runtime dependency, a few MB.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { delimiter, dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { exampleManifestFiles, examplePath, ROOT, which } from './helpers.js';
import { KUBECTL, resourcesByKey, runTool, scratch, skipWithout } from './orchestrators.js';
import { fencedBlocks } from './support/fenced-blocks.js';
import { NPM, npmEnv, packRepository, PACKAGE, TARBALL } from './support/npm.js';
import { nodeBinaries } from './support/node-versions.js';
import { bash } from './support/shell.js';
import { git } from './support/git.js';

/** The most an installation may weigh (issue 14: under 3 MB; it was 106 MB with the dependencies). */
const MAX_INSTALLED_BYTES = 3 * 1024 * 1024;
const golden = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** The tag docs/cli.md installs from GitHub. */
const GITHUB_SPEC = `github:contextcore/contextcore-gitops#v${PACKAGE.version}`;

/** The install commands of docs/cli.md, by what they install from. */
function installCommands(): { tarball: string; clone: string; git: string } {
  const block = fencedBlocks(golden('docs/cli.md')).find((b) => b.lang === 'sh' && b.info.install);
  assert.ok(block, 'docs/cli.md has a ```sh install block');
  const lines = block.body.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const one = (what: string, pattern: RegExp) => {
    const found = lines.filter((l) => pattern.test(l));
    assert.equal(found.length, 1, `docs/cli.md installs from ${what} in one command: ${lines.join(' | ')}`);
    return found[0]!;
  };
  const commands = { tarball: one('the tarball', new RegExp(`\\./${TARBALL.replace(/\./g, '\\.')}$`)), clone: one('a clone', / \.$/), git: one('GitHub', new RegExp(GITHUB_SPEC)) };
  assert.equal(lines.length, 3, 'three ways, each tested here');
  return commands;
}

/** Bytes of every file under a directory (links not followed). */
function bytesUnder(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
}

/** Each file under a directory (relative path) with a hash of its bytes. */
function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile())) {
    const path = join(e.parentPath, e.name);
    out[path.slice(dir.length + 1)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

/** The installed package's directory under a global prefix (a clone's install is a link to it). */
const installedPackage = (prefix: string) => realpathSync(join(prefix, 'lib', 'node_modules', PACKAGE.name));

/** Runs an installed binary with nothing of the repository but the files it reads. */
function renders(prefix: string): void {
  const r = runTool(join(prefix, 'bin', 'contextcore'), ['render', ...exampleManifestFiles('checkout')], { cwd: ROOT });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, golden('test/golden/checkout/render.yaml'));
}

describe('how the docs install the package', () => {
  it('every command of the docs, the examples and the workflows that installs it globally is one tested here or by the CI example', () => {
    const workflow = 'examples/ci/.github/workflows/contextcore-diff.yaml';
    const tested = new Set([...Object.values(installCommands()), ...golden(workflow).split('\n').filter((l) => /^\s+run: npm install/.test(l))].map(normalized));
    const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter((f) => f.endsWith('.md'));
    const examples = readdirSync(join(ROOT, 'examples'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /\.ya?ml$/.test(e.name)).map((e) => join(e.parentPath, e.name).slice(ROOT.length + 1));
    const commands = [
      ...docs.flatMap((f) => fencedBlocks(golden(f)).flatMap((b) => b.body.split('\n').map((l) => [f, l]))),
      ...examples.flatMap((f) => golden(f).split('\n').map((l) => [f, l])),
    ].filter(([, l]) => /\bnpm (install|i)\b.*(\s-g\b|--global)/.test(l!));
    assert.ok(commands.length >= 4);
    assert.deepEqual(commands.filter(([, l]) => !tested.has(normalized(l!))), []);
  });
});

/** A command as written in a shell block, a workflow's run: or a comment: the command only, -g for --global. */
function normalized(line: string): string {
  return line.replace(/^\s*(#\s*|run:\s*)?/, '').replace(/\s+#\s.*$/, '').replace(/--global\b/g, '-g').trim();
}

describe('the package installed from its tarball', { skip: skipWithout(NPM, 'npm', 'the package is installed with npm install -g') }, () => {
  const dir = scratch('install');
  const prefix = join(dir, 'prefix');
  const bin = (name: string) => join(prefix, 'bin', name);

  before(async () => {
    assert.equal(packRepository(dir), join(dir, TARBALL));
    const r = await bash(installCommands().tarball, dir, npmEnv(prefix));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'npm says nothing to review or decode');
  });

  it(`weighs under ${MAX_INSTALLED_BYTES / 1024 / 1024} MB and brings no dependency: the bundle is the install`, () => {
    assert.equal(PACKAGE.dependencies, undefined, 'package.json has no runtime dependencies');
    const modules = join(prefix, 'lib', 'node_modules');
    assert.deepEqual(readdirSync(modules), [PACKAGE.name]);
    assert.equal(existsSync(join(modules, PACKAGE.name, 'node_modules')), false);
    const size = bytesUnder(prefix);
    assert.ok(size < MAX_INSTALLED_BYTES, `${size} bytes installed`);
  });

  for (const node of nodeBinaries()) {
    describe(`run by ${node.name}`, { skip: node.skip }, () => {
      // The installed binaries, with this node first on PATH (their #! line is /usr/bin/env node) and nothing of the repository.
      const env = { PATH: [dirname(node.path ?? process.execPath), '/usr/bin', '/bin'].join(delimiter) };
      const installed = (name: string, args: string[], opts: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
        runTool(bin(name), args, { cwd: opts.cwd ?? ROOT, input: opts.input, env: { ...env, ...opts.env } });

      it('the installed binaries’ #!/usr/bin/env node finds this Node', () => {
        assert.equal(runTool('/usr/bin/env', ['node', '--version'], { env }).stdout.trim(), `v${node.version}`);
        const r = installed('contextcore', ['--version']);
        assert.equal(r.code, 0, r.stderr);
      });

      it('render, plan and fn print the golden files', () => {
        const cases = [
          { args: ['render', ...exampleManifestFiles('checkout')], expect: 'test/golden/checkout/render.yaml' },
          { args: ['plan', ...exampleManifestFiles('inventory')], expect: 'test/golden/inventory/plan.txt' },
        ];
        for (const c of cases) {
          const r = installed('contextcore', c.args);
          assert.equal(r.code, 0, r.stderr);
          assert.equal(r.stdout, golden(c.expect), c.args.join(' '));
        }
        const fn = installed('contextcore-fn', [], { input: golden('test/conformance/krm/example-checkout/input.yaml') });
        assert.equal(fn.code, 0, fn.stderr);
        assert.equal(fn.stdout, golden('test/conformance/krm/example-checkout/expected.yaml'));
      });

      it('diff and hook emit --dry-run load their chunks', () => {
        const d = installed('contextcore', ['diff', 'test/diff/base', 'test/diff/base']);
        assert.equal(d.code, 0, d.stderr);
        assert.match(d.stdout, /\*\*No changes\*\*/);
        const planFile = join(dir, 'plan.json');
        const plan = installed('contextcore', ['plan', ...exampleManifestFiles('checkout'), '--json']);
        writeFileSync(planFile, plan.stdout);
        const h = installed('contextcore', ['hook', 'emit', '--plan', planFile, '--dry-run']);
        assert.equal(h.code, 0, h.stderr);
        assert.ok(JSON.parse(h.stdout).resourceSpans[0].scopeSpans[0].spans.length > 0);
      });

      it('kustomize install-plugin installs a plugin that kubectl kustomize runs', { skip: skipWithout(KUBECTL, 'kubectl', 'the installed plugin is run by kubectl kustomize') }, () => {
        const home = join(dir, `plugin-home-${node.major}`);
        const r = installed('contextcore', ['kustomize', 'install-plugin', '--plugin-home', home]);
        assert.equal(r.code, 0, r.stderr);
        const built = runTool(KUBECTL!, ['kustomize', '--enable-alpha-plugins', examplePath('checkout')], { cwd: ROOT, env: { KUSTOMIZE_PLUGIN_HOME: home } });
        assert.equal(built.code, 0, built.stderr);
        assert.deepEqual(resourcesByKey(built.stdout), resourcesByKey(golden('test/golden/checkout/render.yaml')));
      });

      it('argocd generate builds the app with its kustomization and the installed transformer', { skip: skipWithout(KUBECTL, 'kubectl', 'argocd generate builds the kustomization with kubectl kustomize here') }, () => {
        const r = installed('contextcore', ['argocd', 'generate'], { cwd: join(ROOT, examplePath('checkout')), env: { CONTEXTCORE_KUSTOMIZE: `${KUBECTL} kustomize`, TMPDIR: dir } });
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual([...resourcesByKey(r.stdout).keys()].sort(), [...resourcesByKey(golden('test/golden/checkout/render.yaml')).keys()].sort());
      });
    });
  }
});

/** Tracked and untracked (not ignored) files of the work tree: what a commit of it would hold. */
function workTreeFiles(): string[] | undefined {
  const r = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return r.stdout.split('\0').filter((f) => f && existsSync(join(ROOT, f)) && !lstatSync(join(ROOT, f)).isDirectory());
}

const GIT = which('git');
const sourceSkip = skipWithout(NPM, 'npm', 'the package is installed with npm ci and npm install -g') || skipWithout(GIT && workTreeFiles() ? GIT : undefined, 'git (or a git work tree of the project)', 'the installs from a clone and from a git URL need a repository of this work tree');

describe('the package installed from a clone and from a git URL, as docs/cli.md says', { skip: sourceSkip }, () => {
  const dir = scratch('install-src');
  /** A repository of this work tree, committed and tagged as the release it is. */
  const source = join(dir, 'source');
  const clone = join(dir, 'clone');
  const fromClone = join(dir, 'prefix-clone');
  const fromGit = join(dir, 'prefix-git');
  /** Where the git URL's command runs (npm pack leaves its tarball there), and where the work tree is packed. */
  const gitCwd = join(dir, 'git-cwd');
  const packed = join(dir, 'packed');
  let cloneRun: Promise<{ code: number | null; stdout: string; stderr: string }>;
  let gitRun: Promise<{ code: number | null; stdout: string; stderr: string }>;

  before(() => {
    for (const file of workTreeFiles()!) {
      mkdirSync(dirname(join(source, file)), { recursive: true });
      copyFileSync(join(ROOT, file), join(source, file));
      chmodSync(join(source, file), statSync(join(ROOT, file)).mode);
    }
    git(source, 'init', '-q');
    git(source, 'add', '-A');
    git(source, 'commit', '-q', '-m', 'the work tree');
    git(source, 'tag', `v${PACKAGE.version}`);
    git(dir, 'clone', '-q', source, clone);
    mkdirSync(gitCwd);
    mkdirSync(packed);
    const commands = installCommands();
    // At once: each is mostly npm installing the dev dependencies and building dist/.
    cloneRun = bash(commands.clone, clone, npmEnv(fromClone));
    gitRun = bash(commands.git.replace(GITHUB_SPEC, `git+file://${source}#v${PACKAGE.version}`), gitCwd, npmEnv(fromGit));
    packRepository(packed);
  });

  it('in a fresh clone, npm ci prints its summary and the build’s announcement only, and npm install -g links the clone: render prints the golden file', async () => {
    const r = await cloneRun;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'npm warns about nothing and lists no install script to review');
    const lines = r.stdout.split('\n').filter((l) => l.trim());
    const expected = [new RegExp(`^> ${PACKAGE.name}@${PACKAGE.version} prepare$`), /^> node scripts\/build\.mjs$/, /^added \d+ packages? in [\d.]+m?s$/];
    assert.deepEqual(lines.filter((l) => !expected.some((p) => p.test(l))), [], r.stdout);
    assert.equal(installedPackage(fromClone), realpathSync(clone));
    renders(fromClone);
  });

  it('npm pack of the tag from a git URL builds the package in npm’s clone (its dev dependencies, its prepare), and npm install -g of it renders the golden file', async () => {
    const r = await gitRun;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.ok(!lstatSync(join(fromGit, 'lib', 'node_modules', PACKAGE.name)).isSymbolicLink(), 'an installed copy, not a link to a clone npm removed');
    renders(fromGit);
  });

  it('the three hold the same dist/, byte for byte; from git, the same package as npm pack of the work tree', async () => {
    await Promise.all([cloneRun, gitRun]);
    const unpack = (name: string) => {
      const into = join(dir, 'unpacked');
      mkdirSync(into);
      const r = spawnSync('tar', ['-xzf', join(packed, name), '-C', into], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return join(into, 'package');
    };
    const files = filesOf(unpack(TARBALL));
    assert.deepEqual(filesOf(installedPackage(fromGit)), files);
    const dist = Object.fromEntries(Object.entries(files).flatMap(([f, h]) => (f.startsWith('dist/') ? [[f.slice('dist/'.length), h]] : [])));
    assert.deepEqual(filesOf(join(clone, 'dist')), dist);
  });
});
