// npm run test:stress: runs the suite as CI does (`bash .ci/run` in a fresh clone) under the
// conditions that broke it before, and reports each run:
//
//   private  a clone inside a directory only its owner can enter (mktemp -d), run as this user
//   user     a clone owned by and run as a non-root user (needs root: setpriv to the user)
//   loaded   a private clone run beside two CPU-burning processes
//
//   npm run test:stress                                 each condition once
//   npm run test:stress -- --runs 3                     three runs in a row per condition
//   npm run test:stress -- --conditions user,loaded     some of them
//   npm run test:stress -- --user NAME                  the user of `user` (default: nobody)
//   npm run test:stress -- --keep                       keep clones and logs (printed at the end)
//   npm run test:stress -- --shared DIR|none            the folder put beside each clone as ../shared
//                                                       (default: the one beside this checkout, if any)
//
// Every clone is of the commit that was HEAD when the script started (uncommitted changes are
// not tested). Each run gets its own private TMPDIR, and what the suite leaves in it is reported.
// Everything it starts (runs, burners) is stopped by process id and everything it creates is
// removed, also when interrupted.

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CONDITIONS = ['private', 'user', 'loaded'];
const BURNERS = 2;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    conditions: { type: 'string', default: CONDITIONS.join(',') },
    user: { type: 'string', default: 'nobody' },
    keep: { type: 'boolean', default: false },
    shared: { type: 'string' },
  },
});
// The tests that need ../shared (prometheus-operator's CRDs, real API servers) skip without it, as
// in a user's clone: by default the clones get the one beside this checkout, so that they run.
const besideUs = join(ROOT, '..', 'shared');
const shared = values.shared === 'none' ? undefined : (values.shared ?? (existsSync(besideUs) ? besideUs : undefined));
if (shared && !existsSync(shared)) usage(`--shared ${shared}: no such directory`);
const runs = Number(values.runs);
const conditions = values.conditions.split(',').filter(Boolean);
if (!Number.isInteger(runs) || runs < 1) usage(`--runs must be a positive integer (got ${values.runs})`);
for (const c of conditions) if (!CONDITIONS.includes(c)) usage(`unknown condition ${c} (expected ${CONDITIONS.join(', ')})`);

function usage(message) {
  process.stderr.write(`stress: ${message}\n`);
  process.exit(2);
}
const say = (text) => process.stderr.write(`stress: ${text}\n`);

const git = (args, cwd = ROOT) => spawnSync('git', args, { cwd, encoding: 'utf8' });
// Every run tests this commit, whatever happens to the branch meanwhile.
const commit = git(['rev-parse', 'HEAD']).stdout.trim();
const head = commit.slice(0, 7);
if (git(['status', '--porcelain']).stdout.trim()) say(`the worktree has uncommitted changes: the clones are of HEAD (${head}) without them`);

// What is running and what exists, for the cleanup.
const children = new Set();
const dirs = new Set();
let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGKILL'); // the run's process group: the suite and what it started
    } catch {
      // already gone
    }
  }
  if (!values.keep) for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    say(`${signal}: stopping`);
    cleanup();
    process.exit(130);
  });
}

/** The uid and gid of a user, or why the `user` condition cannot run. */
function otherUser() {
  if (process.getuid() !== 0) return { problem: 'needs root, to give a clone to another user and switch to it' };
  if (spawnSync('sh', ['-c', 'command -v setpriv'], { encoding: 'utf8' }).status !== 0) return { problem: 'setpriv (util-linux) is not installed' };
  const id = (flag) => spawnSync('id', [flag, values.user], { encoding: 'utf8' });
  const [uid, gid] = [id('-u'), id('-g')];
  if (uid.status !== 0) return { problem: `no user ${values.user}: ${uid.stderr.trim()}` };
  const user = { name: values.user, uid: Number(uid.stdout), gid: Number(gid.stdout) };
  if (user.uid === 0) return { problem: `${values.user} is root` };
  return { user };
}

function chownTree(path, uid, gid) {
  const r = spawnSync('chown', ['-R', `${uid}:${gid}`, path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`chown -R ${path}: ${r.stderr}`);
}

/** True when every directory from / down to `dir` lets others through (o+x). */
function othersCanEnter(dir) {
  for (let path = dir; ; path = dirname(path)) {
    if ((statSync(path).mode & 0o001) === 0) return false;
    if (path === dirname(path)) return true;
  }
}

/** Where a directory for `owner` goes: a place it can reach. */
const baseFor = (owner) => (!owner || othersCanEnter(tmpdir()) ? tmpdir() : '/tmp');

/** A new directory for `owner` (default: this user) that only its owner can enter. */
function privateDir(prefix, owner) {
  const dir = mkdtempSync(join(baseFor(owner), prefix));
  dirs.add(dir);
  chmodSync(dir, 0o700);
  if (owner) chownSync(dir, owner.uid, owner.gid);
  return dir;
}

/** A fresh clone of HEAD in a new directory that only its owner can enter. */
function privateClone(prefix, owner) {
  const base = mkdtempSync(join(baseFor(owner), prefix));
  dirs.add(base);
  chmodSync(base, 0o700);
  const repo = join(base, 'repo');
  for (const [args, cwd] of [[['clone', '--quiet', '--no-hardlinks', '--no-checkout', ROOT, repo], ROOT], [['checkout', '--quiet', '--detach', commit], repo]]) {
    const r = git(args, cwd);
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  }
  const tmp = join(base, 'tmp');
  const home = join(base, 'home');
  mkdirSync(tmp, { mode: 0o700 });
  mkdirSync(home, { mode: 0o700 });
  if (owner) chownTree(base, owner.uid, owner.gid);
  if (shared) symlinkSync(resolve(shared), join(base, 'shared')); // after chown -R: it must not touch the target
  return { base, repo, tmp, home };
}

/** A CPU-burning process, stopped by its process id at the end of the run. */
function burner() {
  const child = spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore', detached: true });
  children.add(child);
  return child;
}

function stop(child) {
  children.delete(child);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The spec reporter's totals and failing tests. */
function summary(log) {
  const count = (name) => Number(new RegExp(`^ℹ ${name} (\\d+)$`, 'm').exec(log)?.[1] ?? NaN);
  const failing = log.includes('✖ failing tests:') ? [...new Set(log.slice(log.lastIndexOf('✖ failing tests:')).split('\n').filter((l) => /^✖ /.test(l)).map((l) => l.slice(2).replace(/ \([\d.]+m?s\)$/, '')))] : [];
  return { tests: count('tests'), pass: count('pass'), fail: count('fail'), skipped: count('skipped'), failing };
}

const minutes = (ms) => `${Math.floor(ms / 60000)}m${String(Math.round((ms % 60000) / 1000)).padStart(2, '0')}s`;

async function runOnce(condition, n, owner) {
  const clone = privateClone(`contextcore-stress-${condition}-`, owner);
  const log = join(clone.base, 'run.log');
  const fd = openSync(log, 'w');
  const env = {
    ...process.env,
    TMPDIR: clone.tmp,
    // The user's npm cache lives as long as this script: the first run fills it, the others reuse it.
    ...(owner ? { HOME: clone.home, USER: owner.name, LOGNAME: owner.name, npm_config_cache: owner.npmCache } : {}),
  };
  const argv = owner ? ['setpriv', `--reuid=${owner.uid}`, `--regid=${owner.gid}`, '--clear-groups', '--', 'bash', '.ci/run'] : ['bash', '.ci/run'];
  const burners = condition === 'loaded' ? Array.from({ length: BURNERS }, burner) : [];
  const load = loadavg()[0].toFixed(1);
  const started = Date.now();
  const child = spawn(argv[0], argv.slice(1), { cwd: clone.repo, env, stdio: ['ignore', fd, fd], detached: true });
  children.add(child);
  const code = await new Promise((resolve) => child.on('close', (c, signal) => resolve(c ?? signal)));
  children.delete(child);
  const ms = Date.now() - started;
  burners.forEach(stop);
  closeSync(fd);
  const text = readFileSync(log, 'utf8');
  const s = summary(text);
  // tsx keeps its compile cache in TMPDIR (tsx-<uid>): the runner's, not something a test left.
  const left = existsSync(clone.tmp) ? readdirSync(clone.tmp).filter((name) => !/^tsx-\d+$/.test(name)) : [];
  const who = owner ? `as ${owner.name}` : `as uid ${process.getuid()}`;
  say(
    `${condition} #${n} (${who}${burners.length ? `, ${burners.length} CPU burners` : ''}, load ${load}): exit ${code} in ${minutes(ms)}; ` +
      `${s.tests} tests, ${s.pass} pass, ${s.fail} fail, ${s.skipped} skipped; TMPDIR ${left.length ? `left with ${left.length} entries: ${left.slice(0, 5).join(' ')}` : 'left empty'}`,
  );
  for (const f of s.failing) say(`  ✖ ${f}`);
  if (code !== 0 && !s.failing.length) say(`  ${text.trim().split('\n').slice(-15).join('\n  ')}`);
  if (values.keep) say(`  kept: ${clone.base} (log: ${log})`);
  else {
    rmSync(clone.base, { recursive: true, force: true });
    dirs.delete(clone.base);
  }
  return { condition, n, code, ms, ...s, left: left.length };
}

say(`HEAD ${head}; conditions ${conditions.join(', ')}; ${runs} run(s) each; ../shared: ${shared ?? 'none'}; logs of failing runs are summarised here`);
const results = [];
for (const condition of conditions) {
  let owner;
  if (condition === 'user') {
    const u = otherUser();
    if (u.problem) {
      say(`SKIPPING user: ${u.problem}`);
      continue;
    }
    owner = { ...u.user, npmCache: privateDir('contextcore-stress-npm-cache-', u.user) };
  }
  for (let n = 1; n <= runs; n++) results.push(await runOnce(condition, n, owner));
}

const failed = results.filter((r) => r.code !== 0);
process.stdout.write(
  `${['| condition | run | exit | wall | tests | pass | fail | skipped | left in TMPDIR |', '|---|---|---|---|---|---|---|---|---|', ...results.map((r) => `| ${r.condition} | ${r.n} | ${r.code} | ${minutes(r.ms)} | ${r.tests} | ${r.pass} | ${r.fail} | ${r.skipped} | ${r.left} |`)].join('\n')}\n`,
);
say(failed.length ? `${failed.length} of ${results.length} runs failed` : `all ${results.length} runs passed`);
process.exitCode = failed.length || !results.length ? 1 : 0;
