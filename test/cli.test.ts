import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { EXIT, main } from '../plugins/cli/main.js';
import { COMMANDS } from '../plugins/cli/commands/index.js';
import { CLI, runCli, type Run } from './helpers.js';
import { asUser, cannotRunAs, cannotSwitchUser, installCli, reachableTempDir } from './support/other-user.js';

const scratch = mkdtempSync(join(tmpdir(), 'contextcore-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ns}\n`;
function write(path: string, text: string): void {
  mkdirSync(join(scratch, path, '..'), { recursive: true });
  writeFileSync(join(scratch, path), text);
}
const names = (r: Run) => parseAllDocuments(r.stdout).map((d) => d.toJS().metadata.name);

describe('contextcore CLI', () => {
  it('without a command it prints usage on stderr and exits 2', () => {
    const r = runCli([]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /Usage:/);
  });

  it('--help prints usage on stdout and exits 0, with every exit code of diff', () => {
    const r = runCli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage:/);
    assert.match(r.stdout, /diff: 0 no differences, 1 differences with --exit-code, 2 [^]*, 70 a bug/);
  });

  it('an unknown command or flag is a usage error (exit 2) with the usage on stderr', () => {
    for (const args of [['frobnicate'], ['render', '--nope', 'x']]) {
      const r = runCli(args);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /Usage:/);
    }
  });

  it("a usage error of a command prints that command's usage, not every command's", () => {
    for (const [args, usage] of [
      [['gate', '--plan', 'p.json', '--format', 'xml'], 'gate --plan FILE'],
      [['hook', 'emit', '--nope'], 'hook emit --plan FILE'],
      [['kustomize', 'plugin'], 'kustomize plugin CONFIG'],
    ] as const) {
      const r = runCli([...args], { input: '' });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`\\nUsage:\\n  contextcore ${usage}`));
      assert.doesNotMatch(r.stderr, /contextcore render/, args.join(' '));
    }
  });

  it('--version, -v and version print the version', () => {
    for (const flag of ['--version', '-v', 'version']) assert.match(runCli([flag]).stdout, /^\d+\.\d+\.\d+\n$/, flag);
  });

  it('the help says what a path is as the commands read it (a kustomization built, a chart templated) and names every diff option', () => {
    for (const words of [[], ['render'], ['validate'], ['plan']]) {
      const help = runCli([...words, '--help']).stdout;
      assert.match(help, /kustomization is built with\s+kustomize/, words.join(' '));
      assert.match(help, /Chart\.yaml templated with helm/, words.join(' '));
    }
    const diff = runCli(['diff', '--help']).stdout;
    for (const option of ['--git', '--affected', '--format', '--exit-code', '--config', '--base-config']) assert.match(diff, new RegExp(`^  ${option} `, 'm'), option);
  });

  // Every command, and every subcommand its usage names, with --help or -h anywhere among its options.
  const helpCases = COMMANDS.flatMap((c) => {
    const subs = [...new Set(c.usage.map((l) => l.split(/\s+/)[1]!).filter((w) => /^[a-z][-a-z]*$/.test(w)))];
    return [[c.name], ...subs.map((sub) => [c.name, sub])];
  });
  for (const words of helpCases) {
    it(`contextcore ${words.join(' ')} --help prints its usage on stdout and exits 0, running nothing`, () => {
      for (const flag of ['--help', '-h']) {
        const r = runCli([...words, flag, 'no-such-path'], { input: '' });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, '');
        assert.match(r.stdout, new RegExp(`^Usage:\n  contextcore ${words.join(' ')}`));
      }
    });
  }

  // What a command takes is said three times: the options of its --help, its usage lines, and
  // its row in docs/cli.md's table; a flag added to one is added to the others.
  const flagsIn = (text: string) => new Set(text.match(/--[a-z][-a-z]*/g) ?? []);
  const docRows = readFileSync('docs/cli.md', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => l.split(/(?<!\\)\|/)[1]!);
  for (const c of COMMANDS) {
    it(`the options of ${c.name} --help, its usage lines and its row in docs/cli.md name the same flags`, () => {
      const options = flagsIn(c.help.split('\n').filter((l) => /^ {2}--/.test(l)).join('\n'));
      const usage = flagsIn(c.usage.join('\n'));
      const rows = docRows.filter((cell) => cell.trim().startsWith(`\`${c.name}`));
      assert.ok(rows.length, `docs/cli.md has no row for ${c.name}`);
      const documented = flagsIn(rows.join('\n'));
      for (const flag of options) assert.ok(usage.has(flag), `${c.name}: ${flag} is in --help's options but not in its usage`);
      assert.deepEqual([...documented].sort(), [...usage].sort(), `${c.name}: the flags of docs/cli.md's row(s) against its usage lines`);
    });
  }

  it('--strict makes a warning an error, saying so', () => {
    write('strict/app.yaml', readFileSync('examples/checkout/deployment.yaml', 'utf8') + '---\n' + readFileSync('examples/checkout/service.yaml', 'utf8') + '---\n' + readFileSync('examples/checkout/projectcontext.yaml', 'utf8').replace('    owner: commerce-team\n', ''));
    const lenient = runCli(['render', join(scratch, 'strict')]);
    assert.equal(lenient.code, 0, lenient.stderr);
    assert.match(lenient.stderr, /^warning: .*spec\.business\.owner: not set/m);
    for (const command of ['render', 'validate', 'plan']) {
      const r = runCli([command, join(scratch, 'strict'), '--strict']);
      assert.equal(r.code, 1, `${command}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^error: .*spec\.business\.owner: not set; alerts will carry no team label or owner \(a warning, made an error by strict\)$/m);
    }
  });

  it('render reads stdin, takes --config, and prints only YAML on stdout', () => {
    const input = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n`;
    const r = runCli(['render', '-', '--config', 'examples/checkout/contextcore.yaml'], { input });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    assert.match(r.stderr, /info: no ProjectContext in the input/);
  });

  it('a --config that is not a ProjectContextExpander is refused', () => {
    const r = runCli(['render', 'examples/inventory', '--config', 'examples/inventory/service.yaml']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /function config must be apiVersion fn\.contextcore\.io\/v1alpha1/);
  });

  it('plan --json prints the plans as JSON', () => {
    const r = runCli(['plan', 'examples/checkout', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const plans = JSON.parse(r.stdout);
    assert.equal(plans[0].kind, 'ObservabilityPlan');
  });

  it('validate prints nothing on stdout and a verdict on stderr', () => {
    const r = runCli(['validate', 'examples']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /valid: 3 ProjectContext\(s\)/);
  });

  describe('validate refuses input with nothing to validate', () => {
    // [sentence, files written, paths given, what stderr says]
    const cases: Array<[string, Record<string, string>, string[], RegExp[]]> = [
      ['an empty file named on the command line', { 'v/empty.yaml': '' }, ['v/empty.yaml'], [/^error: .*v\/empty\.yaml: holds no YAML document \(it is empty, or only comments\); a ProjectContext starts with apiVersion: contextcore\.io\/v1 and kind: ProjectContext$/m, /^error: no ProjectContext in the input, so nothing was validated/m]],
      ['a file of comments only', { 'v/comments.yaml': '# TODO: the context\n\n# of the shop\n' }, ['v/comments.yaml'], [/v\/comments\.yaml: holds no YAML document/]],
      ['empty stdin', {}, ['-'], [/^error: <stdin>: holds no YAML document/m]],
      ['resources without a ProjectContext', { 'x/cm.yaml': configMap('a') }, ['x/cm.yaml'], [/^error: no ProjectContext in the input, so nothing was validated/m]],
    ];
    for (const [sentence, files, paths, says] of cases) {
      it(`${sentence}: exit 1`, () => {
        for (const [path, text] of Object.entries(files)) write(path, text);
        const r = runCli(['validate', ...paths.map((p) => (p === '-' ? p : join(scratch, p)))], { input: '' });
        assert.equal(r.code, 1, r.stderr);
        assert.equal(r.stdout, '');
        for (const re of says) assert.match(r.stderr, re);
      });
    }

    it('an empty file named beside a broken one: both are said at once, exit 1', () => {
      write('v2/empty.yaml', '');
      write('v2/bad.yaml', 'apiVersion: contextcore.io/v1\nkind: ProjectContext\nmetadata: {name: x, namespace: y}\nspec: {requirement: {}}\n');
      const r = runCli(['validate', join(scratch, 'v2/empty.yaml'), join(scratch, 'v2/bad.yaml')]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^error: .*v2\/bad\.yaml.*unknown field "requirement"/m);
      assert.match(r.stderr, /^error: .*v2\/empty\.yaml: holds no YAML document/m);
    });

    it('an empty file found in a directory beside a valid app is a warning', () => {
      // The example's manifests as a directory of files (its kustomization would be built instead).
      const app = join(scratch, 'with-blank');
      cpSync('examples/checkout', app, { recursive: true });
      rmSync(join(app, 'kustomization.yaml'));
      writeFileSync(join(app, 'blank.yaml'), '\n# nothing yet\n');
      const r = runCli(['validate', app]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^warning: .*with-blank\/blank\.yaml: holds no YAML document/m);
      assert.match(r.stderr, /^valid: 1 ProjectContext\(s\)/m);
    });
  });

  it('an unexpected failure is reported as a bug with exit code 70', async () => {
    let err = '';
    // A directory of manifests: a kustomization would be built by the bundled CLI, not this process.
    const code = await main(['render', 'test/diff/base'], {
      stdout: () => {
        throw new TypeError('boom');
      },
      stderr: (t) => void (err += t),
    });
    assert.equal(code, EXIT.bug);
    assert.equal(code, 70);
    assert.match(err, /internal error \(this is a bug in contextcore, please report it\)/);
  });
});

describe('contextcore CLI: which files a path stands for', () => {
  before(() => {
    write('app/a.yaml', configMap('a'));
    write('app/notes.txt', configMap('notes'));
    // A kustomization at the top would make app/ a kustomize app (test/apps.test.ts); below, it is a file not read.
    write('app/sub/kustomization.yaml', 'resources: [b.yml]\n');
    write('app/.hidden/h.yaml', configMap('hidden'));
    write('app/.h.yaml', configMap('dot'));
    write('app/node_modules/n.yaml', configMap('module'));
    write('app/sub/b.yml', configMap('b'));
    write('shared/l.yaml', configMap('linked-file'));
    write('shared/dir/d.json', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'linked-dir', namespace: 'ns' } }));
    symlinkSync('../shared/l.yaml', join(scratch, 'app/linked.yaml'));
    symlinkSync('../shared/dir', join(scratch, 'app/linkdir'));
    symlinkSync('..', join(scratch, 'app/sub/up'));
    assert.equal(spawnSync('mkfifo', [join(scratch, 'app/pipe.yaml')]).status, 0, 'mkfifo');
    write('.deploy/c.yaml', configMap('c'));
    write('list.txt', configMap('t'));
    write('broken/ok.yaml', configMap('ok'));
    symlinkSync('nowhere.yaml', join(scratch, 'broken/gone.yaml'));
  });

  const cases: Array<[string, string[], string[]]> = [
    ['a directory: its YAML and JSON files, recursively, sorted by name, symbolic links followed; hidden entries, node_modules, kustomization.yaml, other files and pipes skipped', ['app'], ['a', 'linked-dir', 'linked-file', 'b']],
    ['a hidden directory named on the command line is read', ['.deploy'], ['c']],
    ['a file named on the command line is read whatever its name', ['list.txt'], ['t']],
    ['paths are read in the order given', ['list.txt', 'shared', '.deploy/c.yaml'], ['t', 'linked-dir', 'linked-file', 'c']],
  ];
  for (const [name, paths, expected] of cases) {
    it(name, () => {
      const r = runCli(['render', ...paths], { cwd: scratch });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(names(r), expected);
    });
  }

  it('a symbolic link back into the directory being read is not followed, with a warning', () => {
    const r = runCli(['render', 'app'], { cwd: scratch });
    assert.match(r.stderr, /^warning: app\/sub\/up: symbolic link back into a directory being read: not followed$/m);
  });

  it('a broken symbolic link named like a manifest is an error (exit 1), not a file silently left out', () => {
    const r = runCli(['render', 'broken'], { cwd: scratch });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: broken\/gone\.yaml: broken symbolic link: nothing to read$/m);
  });
});

describe('contextcore CLI: what cannot be read or written is an error, not a crash', () => {
  // Root reads everything, so as root the unreadable cases run as nobody, with a copy of the CLI
  // and files that nobody can reach (the clone may be private to its owner).
  const NOBODY = 65534;
  const perm = reachableTempDir('contextcore-cli-perm-');
  let cli = CLI;
  let skipUnreadable: string | false = false;
  before(() => {
    if (process.getuid?.() === 0) {
      cli = installCli(join(perm, 'cli'));
      const cannot = cannotSwitchUser() ?? cannotRunAs(NOBODY, cli, perm);
      if (cannot) {
        skipUnreadable = `running as root and ${cannot}: every file is readable`;
        console.error(`*** SKIPPING the unreadable-file cases: ${skipUnreadable} ***`);
      }
    }
    // Modes set explicitly: a umask of 077 must not make the readable parts unreadable.
    mkdirSync(join(perm, 'perm/locked'), { recursive: true });
    for (const [path, mode] of [['perm/ok.yaml', 0o644], ['perm/secret.yaml', 0o000], ['perm/locked/x.yaml', 0o644]] as const) {
      writeFileSync(join(perm, path), configMap(basename(path, '.yaml')));
      chmodSync(join(perm, path), mode);
    }
    chmodSync(join(perm, 'perm'), 0o755);
    chmodSync(join(perm, 'perm/locked'), 0o000);
    write('afile', 'not a directory\n');
  });
  after(() => {
    chmodSync(join(perm, 'perm/locked'), 0o755); // else only root could remove it
    rmSync(perm, { recursive: true, force: true });
  });
  function runUnprivileged(args: string[]): Run {
    const argv = [process.execPath, cli, ...args];
    const [command, ...rest] = process.getuid?.() === 0 ? asUser(NOBODY, argv) : argv;
    const r = spawnSync(command!, rest, { cwd: perm, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  const unreadable: Array<[string, string[], number, RegExp]> = [
    ['a file that cannot be read', ['render', 'perm/secret.yaml'], 1, /^error: perm\/secret\.yaml: cannot read: EACCES$/m],
    ['a directory with a file and a subdirectory that cannot be read', ['render', 'perm'], 1, /^error: perm\/locked: cannot read: EACCES\nerror: perm\/secret\.yaml: cannot read: EACCES$/m],
    ['a diff whose base cannot be read', ['diff', 'perm/secret.yaml', 'perm/ok.yaml'], 2, /^base: error: perm\/secret\.yaml: cannot read: EACCES$/m],
  ];
  for (const [name, args, code, message] of unreadable) {
    it(`${name}: exit ${code}, the path and the reason on stderr`, (t) => {
      if (skipUnreadable) return t.skip(skipUnreadable);
      const r = runUnprivileged(args);
      assert.equal(r.code, code, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /internal error/);
    });
  }

  it('a path through a file (ENOTDIR) is an error naming it', () => {
    const r = runCli(['render', 'afile/x.yaml'], { cwd: scratch });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: afile\/x\.yaml: cannot read: ENOTDIR$/m);
  });

  it('kustomize install-plugin into a plugin home below a file is an error (exit 1) naming the plugin path', () => {
    const r = runCli(['kustomize', 'install-plugin', '--plugin-home', join(scratch, 'afile/home')]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: .*afile\/home\/fn\.contextcore\.io\/v1alpha1\/projectcontextexpander\/ProjectContextExpander: cannot write the plugin: ENOTDIR$/m);
  });

  it('fn refuses bytes that are not UTF-8 (exit 1, naming <stdin>) instead of replacing them', () => {
    const r = runCli(['fn'], { input: Buffer.concat([Buffer.from('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nx: '), Buffer.from([0xe9, 0xff, 0x0a])]) });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: <stdin>: input is not valid UTF-8 text$/m);
  });

  it('diff reads stdin on one side only: "-" twice is a usage error', () => {
    const r = runCli(['diff', '-', '-'], { input: configMap('a') });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /only one side can be "-"/);
  });
});
