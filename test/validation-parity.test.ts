// The validation parity table (test/validation-cases.ts) through `contextcore validate`: the CLI
// reaches every case's verdict, naming the field. The end-to-end suite holds the real API
// servers to the same verdicts (test/e2e/validation-parity.ts); here, the table itself is
// checked to cover every enum value, bound, pattern, required and unknown field and CEL rule of
// the CRD, so that a field added to the schema cannot go untested, and docs/project-context.md
// to list its CLI-only cases.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from './helpers.js';
import { cliVerdicts, CRD_SCHEMA, FULL_SPEC, SPEC_NODES, VALIDATION_CASES, type Verdict } from './validation-cases.js';

type Schema = Record<string, any>;
const covered = new Set(VALIDATION_CASES.flatMap((c) => (c.covers ?? []).map((v) => `${v.at} ${v.what}`)));

/** CEL rules of the CRD, at their schema paths. */
function rules(schema: Schema, path: string, out: Array<{ at: string; message: string }> = []) {
  for (const r of schema['x-kubernetes-validations'] ?? []) out.push({ at: path, message: r.message });
  for (const [k, v] of Object.entries(schema.properties ?? {})) rules(v as Schema, path ? `${path}.${k}` : k, out);
  if (schema.items) rules(schema.items, `${path}[]`, out);
  return out;
}

describe('the validation parity table covers the CRD', () => {
  it('its valid base context sets every field of the schema', () => {
    for (const { path } of SPEC_NODES) {
      const value = path.match(/[^.[\]]+/g)!.slice(1).reduce((n: any, k) => (Array.isArray(n) ? n[0] : n)?.[k], FULL_SPEC);
      assert.notEqual(value, undefined, `${path} is not set in FULL_SPEC`);
    }
  });

  it('every keyword of every field has a case: type, required, unknown field, enum values, bounds, patterns', () => {
    const missing: string[] = [];
    const need = (at: string, what: string) => covered.has(`${at} ${what}`) || missing.push(`${at} ${what}`);
    for (const { path, schema } of SPEC_NODES) {
      if (schema.pattern) need(path, 'pattern');
      for (const v of schema.enum ?? []) need(path, `enum ${v}`);
      for (const k of ['maxLength', 'minLength', 'minimum', 'maximum', 'maxItems', 'minItems']) if (schema[k] !== undefined) need(path, k);
    }
    assert.deepEqual(missing, []);
  });

  it('every CEL rule of the CRD has a case it accepts and one it rejects', () => {
    for (const r of rules(CRD_SCHEMA, '')) {
      const cases = VALIDATION_CASES.filter((c) => c.covers?.some((v) => v.at === r.at && v.what === `rule: ${r.message}`));
      assert.ok(cases.some((c) => c.verdict === 'valid'), `${r.at}: "${r.message}" has no case it accepts`);
      assert.ok(cases.some((c) => c.verdict === 'invalid' && c.message?.test(r.message)), `${r.at}: "${r.message}" has no case it rejects`);
    }
  });

  it('docs/project-context.md lists exactly the CLI-only cases, with their reasons', () => {
    const page = readFileSync(join(ROOT, 'docs/project-context.md'), 'utf8');
    const table = page.slice(page.indexOf('<!-- cli-only:')).split('\n\n')[0]!;
    const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| refused by')).map((l) => l.slice(2, -2).split(' | '));
    assert.deepEqual(rows, VALIDATION_CASES.filter((c) => c.cliOnly).map((c) => [c.name, c.cliOnly]));
  });

  it('cases have distinct names, and every invalid case names its field', () => {
    assert.equal(new Set(VALIDATION_CASES.map((c) => c.name)).size, VALIDATION_CASES.length);
    for (const c of VALIDATION_CASES) if (c.verdict === 'invalid') assert.ok(c.field, c.name);
    for (const c of VALIDATION_CASES) if (c.cliOnly) assert.equal(c.verdict, 'invalid', `${c.name}: a CLI-only check rejects`);
  });
});

describe('contextcore validate reaches the verdict of every case of the validation parity table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-parity-'));
  let verdicts: Verdict[] = [];
  before(async () => {
    verdicts = (await cliVerdicts(dir, VALIDATION_CASES)).verdicts;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  VALIDATION_CASES.forEach((c, i) => {
    it(`${c.name}: ${c.verdict}${c.cliOnly ? ' (CLI only)' : ''}`, () => {
      const v = verdicts[i]!;
      assert.equal(v.verdict, c.verdict, v.text);
      if (c.field) assert.ok(v.text.split('\n').some((l) => l.includes(`: ${c.field}`)), `no error names ${c.field}:\n${v.text}`);
      if (c.message) assert.match(v.text, c.message);
    });
  });
});
