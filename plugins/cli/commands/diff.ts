// `contextcore diff`: the diff engine and fast-json-patch are a chunk of their own (esbuild code
// splitting), imported only when this command runs.
import type { Command } from '../command.js';

export const diff: Command = {
  name: 'diff',
  usage: [
    'diff <base> <head> [--format markdown|json] [--exit-code] [--config FILE] [--base-config FILE]',
    'diff --git <ref> <paths...> [same options]   what the generated output becomes, base → head',
  ],
  async run(args, io) {
    return (await import('./diff-run.js')).runDiff(args, io);
  },
};
