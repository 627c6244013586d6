// docs/delivery.md held to the code: the policy and fallback tables are the defaults, the
// thresholds table is what the AnalysisTemplates get, the gate's usage and reasons are the CLI's,
// and the configuration example is a valid ProjectContextExpander.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { validateConfig } from '../functions/core/pipeline/config.js';
import { analysisMetrics } from '../functions/core/delivery/analysis-template.js';
import { GATE_REASONS } from '../functions/core/delivery/gate-decision.js';
import { formatNumber, percentToRatio } from '../functions/core/base/numbers.js';
import { DEFAULT_GATE_POLICY } from '../functions/core/tables/gate-policy.js';
import { sloWindows } from '../functions/core/slo/windows.js';
import { DEFAULT_SLO_PERIOD } from '../functions/core/tables/burn-rate-windows.js';
import { COMMANDS } from '../plugins/cli/commands/index.js';
import { ROOT } from './helpers.js';

const doc = readFileSync(join(ROOT, 'docs/delivery.md'), 'utf8');

/** Rows of the table whose header line is `header`: cells, trimmed, backticks kept. */
function table(header: string): string[][] {
  const start = doc.indexOf(`${header}\n`);
  assert.ok(start >= 0, `a table headed ${header}`);
  const body = doc.slice(start).split('\n').slice(2);
  return body.slice(0, body.findIndex((l) => !l.startsWith('|'))).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

describe('docs/delivery.md', () => {
  it('the policy table is the default policy, criticality by criticality', () => {
    const rows = table('| criticality | a page-class burn alert fires | the error budget is spent |');
    assert.deepEqual(rows, Object.entries(DEFAULT_GATE_POLICY.byCriticality).map(([c, p]) => [c, p.pageAlert, p.budgetSpent]));
  });

  it('the table of what happens when the gate cannot tell gives the default fallbacks', () => {
    const rows = table('| what happened | counts as | default |');
    const defaults = Object.fromEntries(rows.filter((r) => r[1]!.startsWith('`on')).map((r) => [r[1]!.replace(/`/g, ''), r[2]!.split(',')[0]]));
    assert.deepEqual(defaults, { onUnreachable: DEFAULT_GATE_POLICY.onUnreachable, onQueryError: DEFAULT_GATE_POLICY.onQueryError, onNoData: DEFAULT_GATE_POLICY.onNoData });
  });

  it('the thresholds table is what the AnalysisTemplates get for each objective', () => {
    const rows = table('| objective | successful while the error ratio is at most | failed above |');
    assert.ok(rows.length >= 4);
    for (const [objective, success, failure] of rows) {
      const percent = objective!.replace('%', '');
      const [m] = analysisMetrics({ sli: { preset: 'otel' }, namespace: 'n', job: 'j', prometheusUrl: 'http://p', slo: sloWindows(DEFAULT_SLO_PERIOD), availability: { percent, budgetRatio: Number(formatNumber(1 - percentToRatio(percent))) } });
      assert.deepEqual([`${formatNumber(m!.success * 100)}%`, `${formatNumber(m!.failure * 100)}%`], [success, failure], objective);
    }
  });

  it('the gate’s synopsis is the CLI’s usage line', () => {
    const usage = COMMANDS.find((c) => c.name === 'gate')!.usage[0]!;
    const flags = (text: string) => [...text.matchAll(/--[a-z-]+/g)].map((m) => m[0]).sort();
    const synopsis = /`contextcore gate (--plan FILE[^`]*)`/.exec(doc.replace(/\n/g, ' '))![1]!;
    assert.deepEqual(flags(synopsis), flags(usage.slice(0, usage.indexOf('   '))));
  });

  it('the reasons listed for status.gate are the ones the gate gives', () => {
    const line = /reason: \S+ +# (.+)/.exec(doc)![1]!;
    assert.deepEqual(line.split(' | '), [...GATE_REASONS]);
  });

  it('the configuration example is a valid ProjectContextExpander', () => {
    const example = /```yaml\n(spec:\n  gate:[\s\S]*?)```/.exec(doc)![1]!;
    const problems = validateConfig({ apiVersion: 'fn.contextcore.io/v1alpha1', kind: 'ProjectContextExpander', metadata: { name: 'c' }, ...parse(example) });
    assert.deepEqual(problems, []);
  });
});
