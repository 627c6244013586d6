// Running the real promtool on generated rules: `check rules` on a PrometheusRule's groups and
// `test rules` on scenarios, each suite in its own temporary directory, under every promtool
// there is: Debian's promtool 2 on PATH and the pinned Prometheus 3 build (scripts/go-tools.mjs).
// Prometheus 3 changed what rules see at a window's edge (left-open range selectors and
// lookback), so every scenario must hold under both.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { stringify } from 'yaml';
import { which } from './helpers.js';
import { goTool } from './support/go-tools.js';

type Obj = Record<string, any>;

export interface PromtoolBinary {
  /** `promtool 2.42.0`: what test names say. */
  name: string;
  /** 2 or 3; undefined when the version is unknown. */
  major: number | undefined;
  path: string | undefined;
  /** The `skip` option of a suite that needs this promtool; its loud line is already printed. */
  skip: string | false;
}

/** `promtool --version`'s version, e.g. 2.42.0 (a `go install` build says none). */
function versionOf(path: string): string | undefined {
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  return /version (\d+\.\d+\.\d+)/.exec(`${r.stdout}${r.stderr}`)?.[1];
}

function onPath(): PromtoolBinary {
  const path = which('promtool');
  const version = path && versionOf(path);
  if (path) return { name: `promtool ${version ?? '(on PATH)'}`, major: version ? Number(version.split('.')[0]) : undefined, path, skip: false };
  const skip = 'promtool not found: install Debian package "prometheus" (.ci/run does) to run these tests under promtool 2';
  console.error(`\n*** SKIPPING ${skip} ***\n`);
  return { name: 'promtool (on PATH)', major: undefined, path, skip };
}

function prometheus3(): PromtoolBinary {
  const tool = goTool('prometheus', 'promtool');
  // Go module v0.316.0 is Prometheus 3.16.0.
  const [, major, minor, patch] = /^v0\.(\d+?)(\d\d)\.(\d+)$/.exec(tool.version) ?? [];
  return { name: `promtool ${major ? `${major}.${Number(minor)}.${patch}` : tool.version}`, major: 3, path: tool.path, skip: tool.skip };
}

/** Every promtool of this machine to run the scenarios under, Prometheus 2's first. */
export const PROMTOOLS: readonly PromtoolBinary[] = [onPath(), prometheus3()];

export interface Promtool {
  run(args: string[]): { code: number | null; out: string };
  /** The rule file Prometheus loads for a PrometheusRule (prometheus-operator writes spec as is). */
  ruleFile(pr: Obj, name: string, opts?: { withoutAnnotations?: boolean }): string;
  /** A rule file of these groups. */
  groupsFile(groups: Obj[], name: string): string;
  /** `promtool test rules` on the scenarios; fails the test with promtool's output unless all pass. */
  testRules(name: string, ruleFiles: string[], tests: Obj[], evaluationInterval?: string): void;
}

/** A working directory for one promtool, removed after the suite. */
export function promtool(prefix: string, binary: PromtoolBinary): Promtool {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (args: string[]) => {
    const r = spawnSync(binary.path!, args, { encoding: 'utf8', cwd: dir, timeout: 120_000 });
    return { code: r.status, out: `${binary.name}: ${r.stdout}${r.stderr}` };
  };
  const groupsFile = (groups: Obj[], name: string) => {
    const path = join(dir, `${name}.rules.yaml`);
    writeFileSync(path, stringify({ groups }));
    return path;
  };
  return {
    run,
    groupsFile,
    ruleFile(pr, name, { withoutAnnotations = false } = {}) {
      const spec = JSON.parse(JSON.stringify(pr.spec));
      if (withoutAnnotations) for (const g of spec.groups) for (const r of g.rules) delete r.annotations;
      return groupsFile(spec.groups, name);
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
