// What a run of the built CLI loads, seen from inside the process: the parts a KRM function on
// ordinary input does without (the yaml library, the PromQL grammar, the hook's Kubernetes client
// and OpenTelemetry SDK, node:crypto, Node's ES module loader) stay unloaded, and input that needs one of them loads it. Each part costs
// 5-12% of fn's start on one context (docs/performance.md, "The cold-start goal").

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LEGACY_PLUGIN_PROGRAM } from '../functions/project-context-expander/conventions.js';
import { toYaml, toYamlStream } from '../functions/core/index.js';
import { pluginLauncher } from '../functions/project-context-expander/plugin-install.js';
import { config, deployment, projectContext, service } from './fixtures.js';
import { CLI, examplePath, ROOT, runCli } from './helpers.js';

const PROBE = join(ROOT, 'test/support/loaded-modules.cjs');
const DIST = dirname(CLI);
const scratch = mkdtempSync(join(tmpdir(), 'cc-loading-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** What a dist/ file is, by what only that code holds. */
const PARTS = {
  'the yaml library': 'Map keys must be unique',
  'the PromQL grammar': 'LRParser.deserialize',
  "the hook's Kubernetes client and OpenTelemetry SDK": 'BatchSpanProcessor',
} as const;
type Part = keyof typeof PARTS | 'node:crypto' | 'the ES module loader';

const unique = () => Math.random().toString(36).slice(2);

/** The parts a run of program (the CLI's entry unless given) loads. */
function loadedBy(args: string[], input?: string, program = CLI): Set<Part> {
  const out = join(scratch, `loaded-${unique()}.json`);
  const r = spawnSync(process.execPath, ['--require', PROBE, program, ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, CC_LOADED_MODULES_FILE: out } });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.length > 0, 'it printed its product');
  const { files, builtins } = JSON.parse(readFileSync(out, 'utf8')) as { files: string[]; builtins: string[] };
  const ours = files.filter((f) => dirname(f) === DIST);
  assert.ok(ours.some((f) => basename(f) === basename(CLI)), `the run loaded ${basename(CLI)} from dist/: ${files.join(' ')}`);
  const parts = new Set<Part>();
  for (const [part, marker] of Object.entries(PARTS) as Array<[keyof typeof PARTS, string]>) if (ours.some((f) => readFileSync(f, 'utf8').includes(marker))) parts.add(part);
  if (builtins.includes('NativeModule crypto')) parts.add('node:crypto');
  if (builtins.includes('NativeModule internal/modules/esm/loader')) parts.add('the ES module loader');
  return parts;
}

const resourceList = (items: unknown[], text = (o: unknown) => toYaml(o)) => text({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items });
const customSli = { observability: { sli: { preset: 'custom', errorQuery: 'sum(rate(errors_total{{{selector}}}[{{window}}]))', totalQuery: 'sum(rate(requests_total{{{selector}}}[{{window}}]))' } } };
const shop = [projectContext(), deployment(), service()];

/**
 * The kustomize plugin file `install-plugin` writes, beside a link to dist/, in a directory of an
 * ES module package or of none: the file is valid as either, and requires the CLI where it can.
 */
function plugin(esModulePackage: boolean): { program: string; config: string } {
  const dir = join(scratch, `plugin-${unique()}`);
  mkdirSync(dir);
  if (esModulePackage) writeFileSync(join(dir, 'package.json'), '{"type": "module"}\n');
  symlinkSync(DIST, join(dir, 'contextcore-0123456789abcdef'));
  const program = join(dir, LEGACY_PLUGIN_PROGRAM);
  writeFileSync(program, pluginLauncher(process.execPath, 'contextcore-0123456789abcdef'), { mode: 0o755 });
  writeFileSync(join(dir, 'config.yaml'), toYaml(config()));
  return { program, config: join(dir, 'config.yaml') };
}

describe('what a run of the bundle loads', () => {
  const plan = join(scratch, 'plan.json');
  writeFileSync(plan, runCli(['plan', examplePath('checkout'), '--json']).stdout);

  it('each marker names code that is in dist/, in one chunk of its own', () => {
    for (const marker of Object.values(PARTS)) {
      const holding = spawnSync('grep', ['-l', '-F', '-e', marker, '-r', DIST], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
      assert.equal(holding.length, 1, `${marker}: ${holding.join(' ')}`);
      assert.notEqual(basename(holding[0]!), basename(CLI));
    }
  });

  // [sentence, args, stdin, what it loads]
  const cases: Array<[string, string[], string | undefined, Part[]]> = [
    ['fn on block YAML with a context on a preset loads none of them', ['fn'], resourceList(shop), []],
    ['fn on a context with its own SLI queries loads the PromQL grammar', ['fn'], resourceList([projectContext(customSli), deployment(), service()]), ['the PromQL grammar']],
    ['fn on input the fast reader hands over (flow style, comments) loads the yaml library', ['fn'], `# kpt writes block YAML; a person may not\n${resourceList(shop, (o) => JSON.stringify(o))}`, ['the yaml library']],
    ['render, which reads files people write, loads the yaml library', ['render', examplePath('checkout')], undefined, ['the yaml library']],
    ['--version loads none of them', ['--version'], undefined, []],
    ['hook emit --dry-run loads its Kubernetes client and OpenTelemetry SDK, and node:crypto with them', ['hook', 'emit', '--dry-run', '--plan', plan], undefined, ["the hook's Kubernetes client and OpenTelemetry SDK", 'node:crypto']],
  ];
  for (const [name, args, input, expected] of cases) {
    it(name, () => assert.deepEqual([...loadedBy(args, input)].sort(), [...expected].sort()));
  }

  it('the kustomize plugin file requires the CLI: no ES module loader', () => {
    const { program, config: file } = plugin(false);
    assert.deepEqual([...loadedBy([file], toYamlStream(shop), program)], []);
  });

  it('the kustomize plugin file in an ES module package imports the CLI instead', () => {
    const { program, config: file } = plugin(true);
    assert.deepEqual([...loadedBy([file], toYamlStream(shop), program)], ['the ES module loader']);
  });
});
