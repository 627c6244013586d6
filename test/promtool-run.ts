// Running the real promtool on generated rules: `check rules` on a PrometheusRule's groups and
// `test rules` on scenarios, each suite in its own temporary directory.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { stringify } from 'yaml';
import { which } from './helpers.js';

type Obj = Record<string, any>;

export const PROMTOOL = which('promtool');
/** The `skip` option of a suite that needs promtool, with the loud message DESIGN §9 asks for. */
export const promtoolSkip: string | false = PROMTOOL ? false : 'promtool not found: install Debian package "prometheus" (.ci/run does) to run these tests';

export interface Promtool {
  run(args: string[]): { code: number | null; out: string };
  /** The rule file Prometheus loads for a PrometheusRule (prometheus-operator writes spec as is). */
  ruleFile(pr: Obj, name: string, opts?: { withoutAnnotations?: boolean }): string;
  /** `promtool test rules` on the scenarios; fails the test with promtool's output unless all pass. */
  testRules(name: string, ruleFiles: string[], tests: Obj[], evaluationInterval?: string): void;
}

/** A promtool working directory removed after the suite. */
export function promtool(prefix: string): Promtool {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (args: string[]) => {
    const r = spawnSync(PROMTOOL!, args, { encoding: 'utf8', cwd: dir, timeout: 120_000 });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };
  return {
    run,
    ruleFile(pr, name, { withoutAnnotations = false } = {}) {
      const spec = JSON.parse(JSON.stringify(pr.spec));
      if (withoutAnnotations) for (const g of spec.groups) for (const r of g.rules) delete r.annotations;
      const path = join(dir, `${name}.rules.yaml`);
      writeFileSync(path, stringify(spec));
      return path;
    },
    testRules(name, ruleFiles, tests, evaluationInterval = '1m') {
      const file = join(dir, `${name}.test.yaml`);
      writeFileSync(file, stringify({ rule_files: ruleFiles, evaluation_interval: evaluationInterval, tests }));
      const r = run(['test', 'rules', file]);
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /SUCCESS/);
    },
  };
}

/** The burn-rate alert tiers as the tests expect them, written out: [class, long window, short window], tier 1 the fastest. */
export const BURN_TIERS: Readonly<Record<number, readonly ['page' | 'ticket', string, string]>> = { 1: ['page', '1h', '5m'], 2: ['page', '6h', '30m'], 3: ['ticket', '1d', '2h'], 4: ['ticket', '3d', '6h'] };

/** exp_alerts of the burn-rate alerts of these tiers: `base` labels plus each tier's class, severity, windows and tier number. */
export function tierAlerts(base: Record<string, string>, tiers: readonly number[]): Array<{ exp_labels: Record<string, string> }> {
  return tiers.map((tier) => {
    const [alertClass, long, short] = BURN_TIERS[tier]!;
    return {
      exp_labels: {
        ...base,
        contextcore_alert_class: alertClass,
        severity: alertClass === 'page' ? 'critical' : 'warning',
        contextcore_long_window: long,
        contextcore_short_window: short,
        contextcore_burn_tier: String(tier),
      },
    };
  });
}
