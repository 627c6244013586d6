// `contextcore diff`: the diff engine and fast-json-patch are embedded in the bundle and loaded
// only when this command runs (plugins/lazy).
import { loadEmbedded, sibling } from '../../lazy/load.js';
import type { Command } from '../command.js';

type DiffModule = typeof import('./diff-run.js');

export const diff: Command = {
  name: 'diff',
  usage: [
    'diff <base> <head> [--format markdown|json] [--exit-code] [--config FILE] [--base-config FILE]',
    'diff --git <ref> <paths...> [same options]   what the generated output becomes, base → head',
  ],
  async run(args, io) {
    return (await loadEmbedded<DiffModule>('diff', sibling(import.meta.url, './diff-run'))).runDiff(args, io);
  },
};
