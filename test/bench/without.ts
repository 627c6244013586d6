// The CLI built without one of its hand-written parts, for `npm run bench` to weigh what each
// buys: the build of scripts/build.mjs with the part's module replaced by its stand-in
// (stand-ins/: the maintained library the part replaces, doing the same job).

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Plugin } from 'esbuild';

export interface HandWritten {
  name: string;
  /** The part's module, from the repository root. */
  module: string;
  /** What the build without it uses instead, from the repository root. */
  standIn: string;
}

export const HAND_WRITTEN: readonly HandWritten[] = [
  { name: 'fast YAML reader', module: 'functions/core/yaml/fast-read.ts', standIn: 'test/bench/stand-ins/yaml-fast-read.ts' },
  { name: 'YAML writer', module: 'functions/core/yaml/emit.ts', standIn: 'test/bench/stand-ins/yaml-emit.ts' },
  { name: 'schema interpreter', module: 'functions/core/validate/interpreter.ts', standIn: 'test/bench/stand-ins/schema-interpreter.ts' },
];

type BuildCli = (outdir: string, plugins?: Plugin[], options?: { esModules?: boolean }) => Promise<string>;

const loadBuild = async (root: string) => (await import(join(root, 'scripts/build.mjs'))) as { buildCli: BuildCli };

/** The CLI's build left as ES modules: what writing the chunks as CommonJS buys (scripts/build.mjs). */
export async function buildAsEsModules(root: string, outdir: string): Promise<string> {
  return (await loadBuild(root)).buildCli(outdir, [], { esModules: true });
}

/** Builds the CLI without the part into outdir; returns its entry. */
export async function buildWithout(part: HandWritten, root: string, outdir: string): Promise<string> {
  const { buildCli } = await loadBuild(root);
  const module = join(root, part.module);
  const standIn = join(root, part.standIn);
  const swap: Plugin = {
    name: 'stand-in',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => (args.path === module ? { contents: readFileSync(standIn, 'utf8'), loader: 'ts', resolveDir: dirname(standIn) } : undefined));
    },
  };
  return buildCli(outdir, [swap]);
}
