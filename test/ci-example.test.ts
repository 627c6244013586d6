// The GitHub Actions example (examples/ci/.github/workflows/contextcore-diff.yaml), run for real
// where it can be: its install step in a scratch git repository holding the package's tarball, its
// diff step there with `contextcore` on PATH (that install, or a shim of this build), and its
// github-script step against a recording stand-in for the GitHub API.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { DIFF_BASE, DIFF_CASES_DIR } from './diff-cases.js';
import { CLI, ROOT } from './helpers.js';
import { KUSTOMIZE_FOR_CLI, skipWithout } from './orchestrators.js';
import { NPM, npmEnv, packRepository } from './support/npm.js';
import { bash } from './support/shell.js';
import { overlayKustomization, overlayRepo, type OverlayRepo } from './support/overlay-repo.js';
import { git as gitIn } from './support/git.js';

type Obj = Record<string, any>;
const WORKFLOW = join(ROOT, 'examples/ci/.github/workflows/contextcore-diff.yaml');
const workflow: Obj = parse(readFileSync(WORKFLOW, 'utf8'));
const steps: Obj[] = workflow.jobs.diff.steps;
const step = (pred: (s: Obj) => boolean) => steps.find(pred)!;
const diffStep = step((s) => s.id === 'diff');
const installStep = step((s) => s.name === 'Install contextcore');
const commentStep = step((s) => String(s.uses ?? '').startsWith('actions/github-script@'));

const scratch = mkdtempSync(join(tmpdir(), 'contextcore-ci-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('CI example: the workflow', () => {
  it('runs on pull requests, may write pull-request comments, and fetches the base commit', () => {
    assert.ok(workflow.on.pull_request);
    assert.equal(workflow.permissions['pull-requests'], 'write');
    assert.equal(step((s) => String(s.uses ?? '').startsWith('actions/checkout@')).with['fetch-depth'], 0);
  });

  it('passes untrusted values to scripts through env, never spliced into them', () => {
    for (const s of steps) assert.doesNotMatch(String(s.run ?? s.with?.script ?? ''), /\$\{\{/, `step ${s.name ?? s.uses}`);
  });
});

describe('CI example: the diff step, run in a scratch repository', () => {
  const repo = join(scratch, 'repo');
  const bin = join(scratch, 'bin');
  const crashingBin = join(scratch, 'crashing-bin');
  const git = (...args: string[]) => gitIn(repo, ...args).trim();
  let baseSha = '';
  let brokenSha = '';

  before(() => {
    const shim = (dir: string, body: string) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'contextcore'), `#!/bin/sh\n${body}\n`);
      chmodSync(join(dir, 'contextcore'), 0o755);
    };
    shim(bin, `exec "${process.execPath}" "${CLI}" "$@"`);
    shim(crashingBin, "echo 'contextcore: internal error (this is a bug in contextcore, please report it):' >&2; exit 70");
    cpSync(join(ROOT, DIFF_BASE), join(repo, 'deploy/payments'), { recursive: true });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    baseSha = git('rev-parse', 'HEAD');
    // A base commit whose manifests do not render.
    cpSync(join(ROOT, DIFF_CASES_DIR, 'invalid-head'), join(repo, 'deploy/payments'), { recursive: true });
    git('commit', '-q', '-a', '-m', 'broken');
    brokenSha = git('rev-parse', 'HEAD');
  });

  function runStep(head: string, base = baseSha, path = bin): { outputs: string; report: string } {
    rmSync(join(repo, 'deploy/payments'), { recursive: true, force: true });
    cpSync(join(ROOT, DIFF_CASES_DIR, head), join(repo, 'deploy/payments'), { recursive: true });
    const output = join(scratch, `output-${head}`);
    writeFileSync(output, '');
    const r = spawnSync('bash', ['-e', '-c', diffStep.run], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, ...workflow.env, BASE_SHA: base, GITHUB_OUTPUT: output, PATH: `${path}:${process.env.PATH}` },
    });
    assert.equal(r.status, 0, r.stderr);
    return { outputs: readFileSync(output, 'utf8'), report: readFileSync(join(repo, 'report.md'), 'utf8') };
  }

  it('a change of the objective gives exit code 1 and the report, and the job passes', () => {
    const { outputs, report } = runStep('objective');
    assert.equal(outputs, 'code=1\nfail=false\n');
    assert.match(report, /^Base `[0-9a-f]{40}:deploy\/payments` → head `deploy\/payments`\.$/m);
    assert.match(report, /objective `99\.9%` → `99\.5%`/);
  });

  it('a head that does not render gives exit code 2, a report that says so naming the problem, and fails the job', () => {
    const { outputs, report } = runStep('invalid-head');
    assert.equal(outputs, 'code=2\nfail=true\n');
    assert.match(report, /^\*\*contextcore diff failed\*\* \(exit 2\): the manifests of this pull request do not render\.$/m);
    assert.match(report, /^head: error: .*spec\.business\.criticality: must be one of/m);
  });

  it('a base that does not render is reported as the base, and does not fail the job of a head that renders', () => {
    const { outputs, report } = runStep('objective', brokenSha);
    assert.equal(outputs, 'code=2\nfail=false\n');
    assert.match(report, /^\*\*contextcore diff failed\*\* \(exit 2\): the manifests of the base commit cannot be read or do not render/m);
    assert.doesNotMatch(report, /this pull request do not render/);
    assert.match(report, /^base: error: .*spec\.business\.criticality: must be one of/m);
  });

  it('the install step installs contextcore from the tarball committed in the repository, and the diff step runs that install', { skip: skipWithout(NPM, 'npm', 'the install step runs npm install -g of the tarball') }, async () => {
    const prefix = join(scratch, 'installed');
    const tarball = packRepository(scratch);
    mkdirSync(dirname(join(repo, workflow.env.CONTEXTCORE_PACKAGE)), { recursive: true });
    cpSync(tarball, join(repo, workflow.env.CONTEXTCORE_PACKAGE));
    const r = await bash(installStep.run, repo, { ...npmEnv(prefix), ...workflow.env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'npm warns about nothing');
    const { outputs, report } = runStep('objective', baseSha, join(prefix, 'bin'));
    assert.equal(outputs, 'code=1\nfail=false\n');
    assert.match(report, /objective `99\.9%` → `99\.5%`/);
  });

  it('a crash of contextcore (exit 70) is reported as a bug, not as a problem of the pull request', () => {
    const { outputs, report } = runStep('objective', baseSha, crashingBin);
    assert.equal(outputs, 'code=70\nfail=true\n');
    assert.match(report, /^\*\*contextcore diff failed\*\* \(exit 70\): contextcore crashed: a bug in contextcore, not a problem of this pull request/m);
  });

  it('the job fails exactly when the diff step says so', () => {
    assert.equal(step((s) => s.run === 'exit 1').if, "steps.diff.outputs.fail == 'true'");
  });
});

describe('CI example: the diff step on an overlay repository (base, overlays/staging, overlays/prod)', { skip: skipWithout(KUSTOMIZE_FOR_CLI, 'kustomize or kubectl', 'the overlays are kustomizations') }, () => {
  const bin = join(scratch, 'overlay-bin');
  before(() => {
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'contextcore'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, 'contextcore'), 0o755);
  });

  /** The pull request: a commit on top of the base commit; the step's report. */
  function pullRequest(name: string, change: (repo: OverlayRepo) => void): { outputs: string; report: string } {
    const repo = overlayRepo(join(scratch, name));
    const base = repo.git('rev-parse', 'HEAD');
    change(repo);
    repo.commit('the pull request');
    const output = join(scratch, `${name}-output`);
    writeFileSync(output, '');
    const r = spawnSync('bash', ['-e', '-c', diffStep.run], { cwd: repo.root, encoding: 'utf8', env: { ...process.env, ...workflow.env, BASE_SHA: base, GITHUB_OUTPUT: output, PATH: `${bin}:${process.env.PATH}` } });
    assert.equal(r.status, 0, r.stderr);
    return { outputs: readFileSync(output, 'utf8'), report: readFileSync(join(repo.root, 'report.md'), 'utf8') };
  }
  const heads = (report: string) => [...report.matchAll(/→ head `([^`]+)`\.$/gm)].map((m) => m[1]);

  it('a change of prod\'s patch only: the comment diffs prod, in words', () => {
    const { outputs, report } = pullRequest('ci-prod', (repo) => repo.write('deploy/payments/overlays/prod/kustomization.yaml', overlayKustomization('pay', '99.95')));
    assert.equal(outputs, 'code=1\nfail=false\n');
    assert.deepEqual(heads(report), ['deploy/payments/overlays/prod']);
    assert.match(report, /objective `99\.9%` → `99\.95%`/);
  });

  it('a change of the base: the comment diffs both overlays that build it', () => {
    const { outputs, report } = pullRequest('ci-base', (repo) => repo.edit('deploy/payments/base/app.yaml', (t) => t.replace('criticality: high', 'criticality: critical')));
    assert.equal(outputs, 'code=1\nfail=false\n');
    assert.deepEqual(heads(report), ['deploy/payments/overlays/prod', 'deploy/payments/overlays/staging']);
  });
});

describe('CI example: the comment step, against a stand-in GitHub API', () => {
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<void>;
  const marker = commentStep.env.MARKER as string;

  async function post(existing: Obj[], report: string): Promise<Obj[]> {
    const calls: Obj[] = [];
    const github = {
      paginate: async (_fn: unknown, params: Obj) => (calls.push({ list: params }), existing),
      rest: {
        issues: {
          listComments: () => undefined,
          updateComment: async (p: Obj) => void calls.push({ update: p }),
          createComment: async (p: Obj) => void calls.push({ create: p }),
        },
      },
    };
    const context = { repo: { owner: 'o', repo: 'r' }, issue: { number: 7 } };
    const fakeRequire = (m: string) => (m === 'fs' ? { readFileSync: () => report } : assert.fail(`unexpected require ${m}`));
    const saved = process.env.MARKER;
    process.env.MARKER = marker;
    try {
      await new AsyncFunction('github', 'context', 'require', commentStep.with.script)(github, context, fakeRequire);
    } finally {
      if (saved === undefined) delete process.env.MARKER;
      else process.env.MARKER = saved;
    }
    return calls.slice(1);
  }

  it('creates the comment, marked, when there is none', async () => {
    assert.deepEqual(await post([{ id: 1, user: { type: 'User' }, body: 'LGTM' }], 'report\n'), [{ create: { owner: 'o', repo: 'r', issue_number: 7, body: `${marker}\nreport\n` } }]);
  });

  it('updates its own comment and leaves other bot comments alone', async () => {
    const existing = [
      { id: 2, user: { type: 'Bot' }, body: 'coverage report' },
      { id: 3, user: { type: 'Bot' }, body: `${marker}\nold report` },
    ];
    assert.deepEqual(await post(existing, 'new\n'), [{ update: { owner: 'o', repo: 'r', comment_id: 3, body: `${marker}\nnew\n` } }]);
  });

  it('truncates a report longer than GitHub accepts', async () => {
    const [call] = await post([], 'x'.repeat(70000));
    assert.ok(call!.create.body.length < 65536);
    assert.match(call!.create.body, /truncated: run `contextcore diff` locally/);
  });
});
