// Each file in test/bad-input is a malformed input. `contextcore render` and `validate` must
// exit 1 with nothing on stdout and one line per problem on stderr naming the file, the
// resource and the field; never a stack trace. `# expect:` lines give regexes stderr must
// match, `# forbid:` one it must not (secrets are never repeated).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT, runCli } from './helpers.js';

const DIR = join(ROOT, 'test/bad-input');

/** Alias bombs and deep nesting must not make a run hang: one still going after this long is killed. */
const HANG_LIMIT_MS = 60_000;

function check(args: string[], input: Buffer | string | undefined, expects: RegExp[], forbid?: RegExp): void {
  const r = runCli(args, { ...(input === undefined ? {} : { input }), limitMs: HANG_LIMIT_MS });
  assert.notEqual(r.code, null, `still running after ${HANG_LIMIT_MS} ms: killed`);
  assert.equal(r.code, 1, `exit code; stderr:\n${r.stderr}`);
  assert.equal(r.stdout, '', 'nothing on stdout');
  assert.doesNotMatch(r.stderr, /\n\s+at .*\(/, 'no stack trace');
  assert.doesNotMatch(r.stderr, /internal error/);
  for (const e of expects) assert.match(r.stderr, e);
  if (forbid) assert.doesNotMatch(r.stderr, forbid);
  for (const line of r.stderr.trim().split('\n')) assert.match(line, /^(error|warning|info): /, 'one result per line');
}

describe('bad input', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    const text = readFileSync(join(DIR, file), 'utf8');
    const expects = [...text.matchAll(/^# expect: (.*)$/gm)].map((m) => new RegExp(`error: test/bad-input/${file}(#\\d+)?: .*${m[1]}`));
    const forbidText = /^# forbid: (.*)$/m.exec(text)?.[1];
    assert.ok(expects.length, `${file} has # expect: lines`);
    it(`${file.replace(/\.yaml$/, '').replaceAll('-', ' ')} fails render and validate, naming the problem`, () => {
      for (const cmd of ['render', 'validate']) check([cmd, `test/bad-input/${file}`], undefined, expects, forbidText ? new RegExp(forbidText) : undefined);
    });
  }

  const tmp = mkdtempSync(join(tmpdir(), 'cc-bad-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('nesting 10,000 levels deep is refused without a crash or a hang', () => {
    const path = join(tmp, 'deep.yaml');
    writeFileSync(path, `a: ${'['.repeat(10000)}${']'.repeat(10000)}\n`);
    check(['render', path], undefined, [/nesting is deeper than 200 levels/]);
  });

  it('bytes that are not UTF-8 are refused', () => {
    const path = join(tmp, 'latin1.yaml');
    writeFileSync(path, Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0xff, 0x0a]));
    check(['render', path], undefined, [/latin1\.yaml: input is not valid UTF-8 text/]);
  });

  it('a missing file is named', () => {
    check(['render', 'no/such/dir'], undefined, [/error: no\/such\/dir: no such file or directory/]);
  });

  it('invalid input on stdin is named <stdin>', () => {
    check(['render', '-'], 'kind: [', [/error: <stdin>.*invalid YAML/]);
  });
});
