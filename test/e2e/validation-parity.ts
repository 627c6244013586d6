// The validation parity table (test/validation-cases.ts) through the API server: every case's
// ProjectContexts through `kubectl apply --dry-run=server` (a file per case, so each error names
// its case; four kubectl processes at once), and through `contextcore validate`. Verdicts must agree case by case; a CLI-only
// case must be accepted by the server and refused by the CLI.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, it } from 'node:test';
import { caseContexts, caseNamespace, linesByCase, VALIDATION_CASES, writeCases, type Verdict } from '../validation-cases.js';
import { kubectlFiles } from '../support/kubectl.js';
import type { ServerUnderTest } from './server-under-test.js';

/** The API server's verdict on every case: kubectl's error lines name the case's file. */
async function serverVerdicts(sut: ServerUnderTest, dir: string): Promise<Verdict[]> {
  const r = await kubectlFiles(sut.admin, ['apply', '--dry-run=server'], writeCases(dir, VALIDATION_CASES, true), 4);
  // A message can run over several lines, naming its file on the first or the last one.
  const messages: string[] = [];
  for (const line of r.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('Warning: '))) {
    if (/^(Error from server|error|unable to)/i.test(line) || !messages.length) messages.push(line);
    else messages[messages.length - 1] += ` ${line}`;
  }
  const { byCase, other } = linesByCase(messages.join('\n'), VALIDATION_CASES.length);
  assert.deepEqual(other, [], 'kubectl reported errors naming no case');
  const created = new Set([...r.stdout.matchAll(/^projectcontext\.contextcore\.io\/(\S+) created \(server dry run\)$/gm)].map((m) => m[1]));
  return VALIDATION_CASES.map((c, i) => {
    const lines = byCase.get(i);
    if (lines) return { verdict: 'invalid', text: lines.join('\n') };
    const names = caseContexts(c, i).map((o) => o.metadata.name);
    assert.ok(names.every((n) => created.has(n)), `case ${i} (${c.name}): kubectl neither created ${names.join(', ')} nor named an error:\n${r.stdout}`);
    return { verdict: 'valid', text: '' };
  });
}

export function validationParity(sut: ServerUnderTest, cliVerdictsOnce: () => Promise<Verdict[]>): void {
  let server: Verdict[] = [];
  let cli: Verdict[] = [];
  before(async () => {
    await sut.namespaces(VALIDATION_CASES.map((_, i) => caseNamespace(i)));
    [server, cli] = await Promise.all([serverVerdicts(sut, join(sut.dir, 'parity-server')), cliVerdictsOnce()]);
  });

  it(`the API server and contextcore validate agree on all ${VALIDATION_CASES.length} cases of the validation parity table`, (t) => {
    const counts = { valid: 0, invalid: 0, cliOnly: 0 };
    for (const c of VALIDATION_CASES) counts[c.cliOnly ? 'cliOnly' : c.verdict]++;
    t.diagnostic(`${counts.valid} valid, ${counts.invalid} invalid, ${counts.cliOnly} CLI-only`);
    const diffs = VALIDATION_CASES.flatMap((c, i) => {
      const expected = { server: c.cliOnly ? 'valid' : c.verdict, cli: c.verdict };
      const got = { server: server[i]!.verdict, cli: cli[i]!.verdict };
      return got.server === expected.server && got.cli === expected.cli
        ? []
        : [`${c.name}: expected API server ${expected.server}, CLI ${expected.cli}; got API server ${got.server}, CLI ${got.cli}\n  ${server[i]!.text}\n  ${cli[i]!.text}`];
    });
    assert.deepEqual(diffs, [], diffs.join('\n'));
  });

  it('the API server names the field of every case it refuses, and the CEL rule’s message', () => {
    const missing = VALIDATION_CASES.flatMap((c, i) => {
      if (c.verdict === 'valid' || c.cliOnly) return [];
      const text = server[i]!.text;
      const named = c.kubectlSays ? c.kubectlSays.test(text) : text.includes(c.field!);
      return named && (!c.message || c.message.test(text)) ? [] : [`${c.name}: ${c.kubectlSays ?? c.field} ${c.message ?? ''} not in ${text}`];
    });
    assert.deepEqual(missing, [], missing.join('\n'));
  });
}
