// The architecture as the import graph shows it (docs/development.md, "Layout"): no module imports
// itself through others; adapters reach the core only through its public entries; the core reads
// no file, process or network and knows no adapter; its top level is its entries and folders by
// concern; test/unit mirrors the sources; one comparator orders text.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { ROOT } from './helpers.js';

const CORE = 'functions/core';
/** The core's public entries (functions/core/index.ts says why there are three). */
const ENTRIES = [`${CORE}/index.ts`, `${CORE}/in-cluster.ts`, `${CORE}/yaml-library.ts`];
/** The front ends: thin adapters around the core. */
const ADAPTERS = ['plugins', 'functions/argocd', 'functions/app', 'functions/helm', 'functions/diff', 'functions/project-context-expander'];

function filesUnder(dir: string, suffix = '.ts'): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(`${dir}/${e.name}`, suffix) : e.name.endsWith(suffix) ? [`${dir}/${e.name}`] : []));
}

interface Import {
  /** As written. */
  specifier: string;
  /** Repository path of a relative import (its .ts file where the .js names one). */
  path?: string;
  line: number;
}

/** Every import of a file: static (also `import type` and `export … from`) and `import()`. */
export function importsOf(file: string, text = readFileSync(join(ROOT, file), 'utf8')): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Import[] = [];
  const add = (node: ts.Node, specifier: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    if (!specifier.startsWith('.')) return void out.push({ specifier, line });
    const target = relative(ROOT, resolve(ROOT, dirname(file), specifier));
    const asTs = target.replace(/\.js$/, '.ts');
    out.push({ specifier, path: existsSync(join(ROOT, asTs)) ? asTs : target, line });
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) add(node, node.moduleSpecifier.text);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) add(node, node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The cycles of a graph: each strongly connected component of more than one module (Tarjan). */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return found;
}

const sources = ['functions', 'plugins'].flatMap((d) => filesUnder(d));
const imports = new Map(sources.map((f) => [f, importsOf(f)]));
const isAdapter = (file: string) => ADAPTERS.some((a) => file.startsWith(`${a}/`));
const where = (file: string, i: Import) => `${file}:${i.line} imports ${i.specifier}`;

/** Imports of core modules that are not a public entry. */
const deepImports = (file: string, list: readonly Import[]) => list.filter((i) => i.path?.startsWith(`${CORE}/`) && !ENTRIES.includes(i.path)).map((i) => where(file, i));

describe('the architecture', () => {
  it('no module imports itself through others (static, type-only and dynamic imports alike)', () => {
    const graph = new Map([...imports].map(([f, list]) => [f, list.flatMap((i) => (i.path ? [i.path] : []))]));
    assert.deepEqual(cycles(graph), []);
  });

  it('the cycle finder finds the cycles it should: two modules, three, and one importing itself', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['a', 'c']],
      ['c', ['d']],
      ['d', ['e']],
      ['e', ['c']],
      ['f', ['f']],
      ['g', ['a']],
    ]);
    assert.deepEqual(cycles(graph).sort(), [['a', 'b'], ['c', 'd', 'e'], ['f']]);
  });

  it('adapters reach the core only through its public entries', () => {
    assert.ok([...imports.keys()].filter(isAdapter).length > 50, 'the adapters were found');
    assert.deepEqual([...imports].filter(([f]) => isAdapter(f)).flatMap(([f, list]) => deepImports(f, list)), []);
  });

  it('a deep import from an adapter is caught, however it is written', () => {
    const file = 'functions/argocd/example.ts';
    const text = [
      "import { toYaml } from '../core/index.js';",
      "import { parseYamlStream } from '../core/yaml-library.js';",
      "import type { Entry } from '../core/pipeline/inventory.js';",
      "export { compareText } from '../core/base/canonical.js';",
      "const late = () => import('../core/yaml/parse.js');",
    ].join('\n');
    assert.deepEqual(deepImports(file, importsOf(file, text)), [
      `${file}:3 imports ../core/pipeline/inventory.js`,
      `${file}:4 imports ../core/base/canonical.js`,
      `${file}:5 imports ../core/yaml/parse.js`,
    ]);
  });

  it('the core knows no adapter and reads no file, process or network: it imports only its own modules and libraries', () => {
    const node = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const wrong = [...imports]
      .filter(([f]) => f.startsWith(`${CORE}/`))
      .flatMap(([f, list]) => list.filter((i) => (i.path ? !i.path.startsWith(`${CORE}/`) : node.has(i.specifier))).map((i) => where(f, i)));
    assert.deepEqual(wrong, []);
  });

  it('the top level of functions/core is its public entries and folders by concern', () => {
    const top = readdirSync(join(ROOT, CORE), { withFileTypes: true });
    assert.deepEqual(top.filter((e) => !e.isDirectory()).map((e) => `${CORE}/${e.name}`).sort(), [...ENTRIES].sort());
    for (const e of top.filter((d) => d.isDirectory())) assert.ok(readdirSync(join(ROOT, CORE, e.name)).length <= 12, `${CORE}/${e.name} has more than a dozen files: group them by concern`);
  });

  it('test/unit mirrors the sources: each file sits in the folder of what it tests', () => {
    const misplaced = filesUnder('test/unit', '.test.ts').filter((f) => {
      const dir = dirname(relative('test/unit', f));
      return !existsSync(join(ROOT, dir)) || !statSync(join(ROOT, dir)).isDirectory();
    });
    assert.deepEqual(misplaced, []);
  });

  it('text is ordered by code units, durations by their length, each by one comparator: no localeCompare, no copy of compareText or compareDurations', () => {
    // This file is left out: its examples of what the check finds are below.
    const scanned = ['functions', 'plugins', 'scripts', 'test'].flatMap((d) => [...filesUnder(d, '.ts'), ...filesUnder(d, '.mjs')]).filter((f) => f !== 'test/architecture.test.ts');
    const found = scanned.flatMap((f) => {
      const text = readFileSync(join(ROOT, f), 'utf8');
      return text.split('\n').flatMap((line, n) => (sortingCopy(line, f) ? [`${f}:${n + 1}: ${line.trim()}`] : []));
    });
    assert.deepEqual(found, []);
  });

  const lines: Array<[string, string, boolean]> = [
    ['a localeCompare', "names.sort((a, b) => a.localeCompare(b));", true],
    ['a copy of compareText on fields', 'apps.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));', true],
    ['a two-way copy for unequal items', 'return a[i]! < b[i]! ? -1 : 1;', true],
    ['a copy of compareDurations', '.sort((a, b) => (durationSeconds(b) ?? 0) - (durationSeconds(a) ?? 0))', true],
    ['compareText itself, in canonical.ts', `export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);`, false],
    ['a sort through the comparators', '.sort((a, b) => compareText(a.dir, b.dir) || compareDurations(a.w, b.w))', false],
  ];
  for (const [name, line, copy] of lines) {
    it(`the check ${copy ? 'finds' : 'lets pass'} ${name}`, () => assert.equal(sortingCopy(line, `${CORE}/${name.includes('canonical') ? 'base/canonical.ts' : 'x.ts'}`), copy));
  }
});

const TERM = String.raw`[\w.$\[\]!]+`;
/** A line that orders text or durations without the one comparator of each. */
function sortingCopy(line: string, file: string): boolean {
  if (/\.localeCompare\(/.test(line)) return true;
  const threeWay = new RegExp(String.raw`\?\s*-1\s*:\s*${TERM}\s*>\s*${TERM}\s*\?\s*1\s*:\s*0`).test(line) && file !== `${CORE}/base/canonical.ts`;
  const twoWay = new RegExp(String.raw`${TERM}\s*<\s*${TERM}\s*\?\s*-1\s*:\s*1\b`).test(line);
  const durations = /durationSeconds\([^)]*\)[^-]*-\s*\(?\s*durationSeconds\(/.test(line) && file !== `${CORE}/base/numbers.ts`;
  return threeWay || twoWay || durations;
}
