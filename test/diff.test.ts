// contextcore diff end to end: the golden reports through the CLI (which adds nothing to the
// library), exit codes, the JSON schema, --config/--base-config, already-rendered input and --git.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAjv } from '../functions/core/validate/ajv.js';
import { DIFF_BASE, DIFF_CASES_DIR, DIFF_GOLDEN_DIR, diffCases, INVALID_HEADS, UNCHANGED_HEADS } from './diff-cases.js';
import { ROOT, runCli } from './helpers.js';
import { git as gitIn } from './support/git.js';

const golden = (name: string, ext: string) => readFileSync(join(ROOT, DIFF_GOLDEN_DIR, `${name}.${ext}`), 'utf8');
const headOf = (name: string) => join(DIFF_CASES_DIR, name);
const scratch = mkdtempSync(join(tmpdir(), 'contextcore-diff-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('contextcore diff: golden reports', () => {
  for (const name of diffCases().filter((n) => !INVALID_HEADS.has(n))) {
    describe(`case ${name}`, () => {
      it('prints the golden markdown and exits 0', () => {
        const r = runCli(['diff', DIFF_BASE, headOf(name)]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, golden(name, 'md'));
      });

      it('prints the golden JSON with --format json', () => {
        const r = runCli(['diff', DIFF_BASE, headOf(name), '--format', 'json']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, golden(name, 'json'));
      });

      const expected = UNCHANGED_HEADS.has(name) ? 0 : 1;
      it(`with --exit-code exits ${expected} (${expected ? 'changes' : 'no changes'})`, () => {
        assert.equal(runCli(['diff', DIFF_BASE, headOf(name), '--exit-code']).code, expected);
      });
    });
  }

  it('an invalid head exits 2 naming the file, resource and field, with nothing on stdout', () => {
    const r = runCli(['diff', DIFF_BASE, headOf('invalid-head'), '--exit-code']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^head: error: test\/diff\/cases\/invalid-head\/projectcontext\.yaml: ProjectContext payments\/payments: spec\.business\.criticality: must be one of critical, high, medium, low \(got "urgent"\)$/m);
    assert.match(r.stderr, /cannot compare: the head did not render/);
  });

  it('an invalid base exits 2 and says it is the base', () => {
    const r = runCli(['diff', headOf('invalid-head'), DIFF_BASE]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^base: error: .*spec\.business\.criticality/m);
  });

  it('objective, latency target and criticality changed together: each changed artifact is named with old and new values', () => {
    const md = golden('objective-latency-criticality', 'md');
    for (const line of [
      '| `payments/payments-api-slo` | PrometheusRule | Service `payments/payments-api` | changed |',
      '- **availability SLO**: objective `99.9%` → `99.95%`; error budget `0.1%` → `0.05%`',
      '- **latency SLO**: P99 latency target `300ms` → `250ms`; bucket bound `500ms` → `250ms`',
      '- **page alert ContextCoreErrorBudgetBurn (availability SLO)** (objective `99.9%` → `99.95%`):',
      '  - threshold over 1h and 5m `14.4 × 0.1% = 1.44% errors` → `14.4 × 0.05% = 0.72% errors`',
      '- **page alert ContextCoreErrorBudgetBurn (latency SLO)** (bucket bound `500ms` → `250ms`):',
      '  - threshold over 1h and 5m `14.4 × 1% = 14.4% of requests slower than 500ms` → `14.4 × 1% = 14.4% of requests slower than 250ms`',
      '- **scrape endpoint metrics**: scrape interval `30s` → `10s`',
      '- **container api**: trace sampling `0.5` → `1`',
      '- `spec.business.criticality`: `high` → `critical`',
    ]) {
      assert.ok(md.includes(`${line}\n`), `missing: ${line}`);
    }
  });

  it('the two-field change (availability 99.9 → 99.95, latencyP99 300ms → 250ms) reads in one screen: dashboards panel by panel, no whole JSON blocks, the rest in --format json', () => {
    const md = golden('objective-latency', 'md');
    const lines = md.split('\n');
    // What GitHub shows with every <details> block folded (its summary line stays).
    let depth = 0;
    const visible = lines.filter((l) => {
      const shown = depth === 0 || l.startsWith('<details');
      if (l.startsWith('<details')) depth++;
      if (l.startsWith('</details>')) depth--;
      return shown;
    });
    assert.ok(visible.length <= 75, `${visible.length} lines shown`);
    assert.ok(lines.length <= 180 && Buffer.byteLength(md) <= 16_000, `${lines.length} lines, ${Buffer.byteLength(md)} bytes`);
    assert.doesNotMatch(md, /gridPos|"y": \d|^\s+type: stat$/m, 'no panel as a whole JSON or YAML block');
    for (const line of [
      '- **panel SLO attainment (30d)**: thresholds `red, green from 0.999` → `red, green from 0.9995`',
      '- **panel Within 250ms (30d)**: title `Within 500ms (30d)` → `Within 250ms (30d)`',
      '- **panel P99 latency**: thresholds `green, red from 0.3` → `green, red from 0.25`',
    ]) assert.ok(md.includes(`${line}\n`), `missing: ${line}`);
    // The JSON report keeps every field change, the panel's title among them.
    const json = JSON.parse(golden('objective-latency', 'json'));
    const dashboard = json.resources.find((r: { resource: { name: string } }) => r.resource.name === 'payments-dashboard');
    assert.ok(dashboard.fields.some((f: { path: string; old: unknown; new: unknown }) => f.path.endsWith('.panels[Within 250ms (30d)].title') && f.old === 'Within 500ms (30d)' && f.new === 'Within 250ms (30d)'));
    assert.ok(dashboard.fields.length > 10);
  });

  it('a formatting-only change reports exactly what no change reports', () => {
    assert.equal(golden('formatting-only', 'md'), golden('no-change', 'md').replace('cases/no-change', 'cases/formatting-only'));
    assert.match(golden('no-change', 'md'), /\*\*No changes\*\*/);
  });
});

describe('contextcore diff: JSON schema', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'functions/diff/diff-report.schema.json'), 'utf8'));
  const validate = createAjv().compile(schema);

  for (const name of diffCases().filter((n) => !INVALID_HEADS.has(n))) {
    it(`the ${name} report is valid against the schema`, () => assert.ok(validate(JSON.parse(golden(name, 'json'))), JSON.stringify(validate.errors)));
  }

  const broken: Array<[string, (r: any) => void]> = [
    ['a report without counts', (r) => delete r.counts],
    ['a resource with an unknown change', (r) => (r.resources[0].change = 'modified')],
    ['a highlight without attributes', (r) => (r.resources[0].highlights[0].attributes = [])],
    ['an unknown field', (r) => (r.extra = true)],
  ];
  for (const [name, breakIt] of broken) {
    it(`the schema rejects ${name}`, () => {
      const report = JSON.parse(golden('objective', 'json'));
      breakIt(report);
      assert.equal(validate(report), false);
    });
  }
});

describe('contextcore diff: inputs and options', () => {
  it('already-rendered YAML as the base compares equal to its app, given the configuration it was rendered with', () => {
    const rendered = join(scratch, 'rendered.yaml');
    writeFileSync(rendered, runCli(['render', DIFF_BASE]).stdout);
    const r = runCli(['diff', rendered, DIFF_BASE, '--exit-code', '--base-config', join(DIFF_BASE, 'contextcore.yaml')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\*\*No changes\*\*: the 7 rendered resources/);
    // Rendered output does not carry its configuration: without it the base renders with defaults.
    const withoutConfig = runCli(['diff', rendered, DIFF_BASE, '--format', 'json']);
    const paths = JSON.parse(withoutConfig.stdout).resources.flatMap((d: any) => d.fields.map((f: any) => f.path));
    assert.ok(paths.includes('metadata.labels.release'), withoutConfig.stdout);
  });

  it('--base-config renders the base with another configuration; --config applies to both sides', () => {
    const staging = join(scratch, 'staging.yaml');
    writeFileSync(staging, 'apiVersion: fn.contextcore.io/v1alpha1\nkind: ProjectContextExpander\nmetadata: {name: contextcore}\nspec: {environment: staging, prometheus: {selectorLabels: {release: kube-prometheus-stack}}}\n');
    const one = runCli(['diff', DIFF_BASE, DIFF_BASE, '--base-config', staging, '--format', 'json']);
    assert.equal(one.code, 0, one.stderr);
    const fields = JSON.parse(one.stdout).resources.flatMap((r: any) => r.fields);
    assert.ok(fields.some((f: any) => f.path.endsWith('value["deployment.environment.name"]') && f.old === 'staging' && f.new === 'production'), one.stdout);
    const both = runCli(['diff', DIFF_BASE, DIFF_BASE, '--config', staging, '--exit-code']);
    assert.equal(both.code, 0, both.stdout);
    assert.match(both.stderr, /^base: warning: .*ignored: a configuration was given explicitly/m);
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['one path is not enough', ['diff', DIFF_BASE], /diff takes two paths/],
    ['an unknown format is refused', ['diff', DIFF_BASE, DIFF_BASE, '--format', 'yaml'], /--format must be one of markdown, json/],
    ['--git with stdin is refused', ['diff', '--git', 'HEAD', '-'], /--git <ref> needs the paths/],
  ];
  for (const [name, args, message] of usage) {
    it(`${name} (usage, exit 2)`, () => {
      const r = runCli(args);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    });
  }
});

describe('contextcore diff --git', () => {
  const repo = join(scratch, 'repo');
  const git = (...args: string[]) => gitIn(repo, ...args);
  before(() => {
    cpSync(join(ROOT, DIFF_BASE), join(repo, 'deploy', 'payments'), { recursive: true });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    cpSync(join(ROOT, headOf('objective'), 'projectcontext.yaml'), join(repo, 'deploy', 'payments', 'projectcontext.yaml'));
  });

  it('renders the path at the ref as the base and the work tree as the head, touching neither the work tree nor the index', () => {
    const status = git('status', '--porcelain');
    const r = runCli(['diff', '--git', 'HEAD', 'deploy/payments', '--exit-code'], { cwd: repo });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^Base `HEAD:deploy\/payments` → head `deploy\/payments`\.$/m);
    assert.match(r.stdout, /objective `99\.9%` → `99\.5%`/);
    assert.equal(git('status', '--porcelain'), status);
    assert.equal(status, ' M deploy/payments/projectcontext.yaml\n');
  });

  it('the same report as comparing two directories, but for the labels', () => {
    const viaGit = runCli(['diff', '--git', 'HEAD', 'deploy/payments'], { cwd: repo }).stdout;
    assert.equal(viaGit.replace('`HEAD:deploy/payments` → head `deploy/payments`', ''), golden('objective', 'md').replace('`test/diff/base` → head `test/diff/cases/objective`', ''));
  });

  const failures: Array<[string, string[], RegExp]> = [
    ['a ref that is not a commit', ['diff', '--git', 'no-such-ref', 'deploy/payments'], /^base: error: --git no-such-ref: not a commit/m],
    ['a path that does not exist at the ref', ['diff', '--git', 'HEAD', 'deploy/other'], /^base: error: deploy\/other: no such file or directory at HEAD$/m],
    ['a path outside the repository', ['diff', '--git', 'HEAD', '../outside'], /^base: error: \.\.\/outside: outside the repository, so not at HEAD$/m],
    ['a path in git pathspec syntax (read as a path)', ['diff', '--git', 'HEAD', ':(glob)deploy/**'], /^base: error: :\(glob\)deploy\/\*\*: no such file or directory at HEAD$/m],
  ];
  for (const [name, args, message] of failures) {
    it(`${name} exits 2 with the problem named`, () => {
      const r = runCli(args, { cwd: repo });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /internal error/);
    });
  }
});

describe('contextcore diff --git reads at the ref what render reads in the work tree', () => {
  const repo = join(scratch, 'selection');
  const git = (...args: string[]) => gitIn(repo, ...args);
  const configMap = (name: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ns}\ndata: {v: "${value}"}\n`;
  before(() => {
    cpSync(join(ROOT, DIFF_BASE), join(repo, '.deploy', 'payments'), { recursive: true });
    cpSync(join(ROOT, DIFF_BASE), join(repo, 'apps', 'payments'), { recursive: true });
    writeFileSync(join(repo, 'all.txt'), readdirSync(join(ROOT, DIFF_BASE)).map((f) => readFileSync(join(ROOT, DIFF_BASE, f), 'utf8')).join('---\n'));
    // Two files with one identity: which is #2 depends on the order they are read in.
    writeFileSync(join(repo, 'z.yaml'), configMap('same', 'z'));
    writeFileSync(join(repo, 'a.yaml'), configMap('same', 'a'));
    mkdirSync(join(repo, 'linked'));
    symlinkSync('../apps/payments', join(repo, 'linked', 'payments'));
    symlinkSync('../z.yaml', join(repo, 'linked', 'z.yaml'));
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
  });

  const cases: Array<[string, string, string[], number]> = [
    ['a hidden directory named on the command line', '.', ['.deploy/payments'], 7],
    ['a file named on the command line, whatever its name', '.', ['all.txt'], 7],
    ['paths in the order given, not sorted', '.', ['z.yaml', 'a.yaml'], 2],
    ['symbolic links to a directory and to a file', '.', ['linked'], 8],
    ['paths relative to a subdirectory', 'apps', ['payments', '../z.yaml'], 8],
  ];
  for (const [name, cwd, paths, unchanged] of cases) {
    it(`${name}: no changes, ${unchanged} resources compared`, () => {
      const r = runCli(['diff', '--git', 'HEAD', ...paths, '--exit-code', '--format', 'json'], { cwd: join(repo, cwd) });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(JSON.parse(r.stdout).counts.unchanged, unchanged);
    });
  }
});
