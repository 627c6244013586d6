// Regenerates every golden file under test/ (npm run golden): per example the rendered YAML and
// the plan, the expected output of each KRM conformance case, the diff reports and the rules of
// each rule case (test/rule-cases.ts); also the shipped dashboards
// (dashboards/*.json, scripts/dashboards.ts). Files in the places it owns that it no longer
// writes (those of a removed example or diff case) are deleted. Tests fail when they drift.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expand, plansText, toYamlStream } from '../functions/core/index.js';
import { runFunction } from '../functions/project-context-expander/resource-list.js';
import { loadPaths } from '../plugins/cli/io.js';
import { toResourceList } from '../test/resource-list.js';
import { diffGoldenFiles } from '../test/diff-cases.js';
import { ruleGoldenFiles } from '../test/rule-cases.js';
import { examples } from '../test/helpers.js';
import { SHIPPED_DASHBOARD_DIR, shippedDashboardFiles } from './dashboards.js';

const root = join(fileURLToPath(import.meta.url), '../..');
process.chdir(root);

export async function goldenFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of examples()) {
    const loaded = loadPaths([join('examples', name)]);
    const out = expand({ resources: loaded.resources, origins: loaded.origins });
    if (!out.ok) throw new Error(`example ${name} does not render:\n${out.results.map((r) => r.message).join('\n')}`);
    files.set(`test/golden/${name}/render.yaml`, toYamlStream(out.resources));
    files.set(`test/golden/${name}/plan.txt`, plansText(out.plans));
    // KRM conformance case made from the example: input is the ResourceList kpt would send.
    const input = toResourceList(join('examples', name));
    files.set(`test/conformance/krm/example-${name}/input.yaml`, input);
  }
  const handWritten = readdirSync('test/conformance/krm', { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('example-')).map((e) => e.name);
  const fromExamples = [...files.keys()].flatMap((p) => /^test\/conformance\/krm\/(example-[^/]+)\/input\.yaml$/.exec(p)?.[1] ?? []);
  for (const dir of [...new Set([...handWritten, ...fromExamples])].sort()) {
    const inputPath = `test/conformance/krm/${dir}/input.yaml`;
    const input = files.get(inputPath) ?? readFileSync(inputPath, 'utf8');
    const run = await runFunction(input);
    files.set(`test/conformance/krm/${dir}/expected.yaml`, run.output.toString());
    files.set(`test/conformance/krm/${dir}/exitcode`, `${run.exitCode}\n`);
  }
  for (const [path, content] of diffGoldenFiles()) files.set(path, content);
  for (const [path, content] of ruleGoldenFiles()) files.set(path, content);
  for (const [path, content] of shippedDashboardFiles()) files.set(path, content);
  return files;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
}

/** Files where only this script writes (test/golden/, the example-* conformance cases, dashboards/*.json) that it does not write now. */
export function staleGoldenFiles(files: ReadonlyMap<string, string>): string[] {
  const owned = [
    ...filesUnder('test/golden'),
    ...readdirSync('test/conformance/krm').filter((d) => d.startsWith('example-')).flatMap((d) => filesUnder(`test/conformance/krm/${d}`)),
    ...readdirSync(SHIPPED_DASHBOARD_DIR).filter((f) => f.endsWith('.json')).map((f) => `${SHIPPED_DASHBOARD_DIR}/${f}`),
  ];
  return owned.filter((path) => !files.has(path)).sort();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await goldenFiles();
  for (const [path, content] of files) {
    mkdirSync(join(path, '..'), { recursive: true });
    const old = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (old !== content) {
      writeFileSync(path, content);
      process.stderr.write(`wrote ${path}\n`);
    }
  }
  for (const path of staleGoldenFiles(files)) {
    rmSync(path);
    process.stderr.write(`deleted ${path}\n`);
    // The folder of a removed example goes with its last file.
    const dir = join(path, '..');
    if (!readdirSync(dir).length) rmdirSync(dir);
  }
}
