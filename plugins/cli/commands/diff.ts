// `contextcore diff`: renders both sides and reports what the generated output becomes.
import { parseArgs } from 'node:util';
import { formatResult, UserError, type Result } from '../../../functions/core/index.js';
import { diffRenders, renderMarkdown, type RenderedSide } from '../../../functions/diff/index.js';
import { UsageError, type Io } from '../command.js';
import { loadApps, loadAppsAtRef, type Apps } from '../apps.js';
import { renderLoaded } from '../expand-args.js';

/** diff(1) conventions: 0 no changes (or changes without --exit-code), 1 changes, 2 trouble. */
const DIFF_EXIT = { same: 0, different: 1, trouble: 2 } as const;
const FORMATS = ['markdown', 'json'];

/** Renders one side; its problems and warnings go to stderr, each line prefixed with the side. */
async function renderSide(side: 'base' | 'head', label: string, load: () => Apps | Promise<Apps>, config: string | undefined, io: Io): Promise<RenderedSide | undefined> {
  const say = (results: readonly Result[]) => results.forEach((r) => io.stderr(`${side}: ${formatResult(r)}\n`));
  try {
    const out = await renderLoaded(load, config);
    say(out.results);
    return { label, resources: out.resources, plans: out.plans, defaultNamespace: out.defaultNamespace };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    say(e.results);
    return undefined;
  }
}

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'markdown' }, 'exit-code': { type: 'boolean' }, git: { type: 'string' }, config: { type: 'string' }, 'base-config': { type: 'string' } },
  });
  if (!FORMATS.includes(values.format!)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${values.format}")`);
  const ref = values.git;
  if (ref === undefined && positionals.length !== 2) throw new UsageError('diff takes two paths, <base> <head>, or --git <ref> <paths...>');
  if (ref !== undefined && (!positionals.length || positionals.includes('-'))) throw new UsageError('--git <ref> needs the paths to read at that ref (not stdin)');
  // stdin can be read once: a second "-" would read nothing and report everything removed.
  if (ref === undefined && positionals[0] === '-' && positionals[1] === '-') throw new UsageError('only one side can be "-" (stdin)');

  // With --git, the base is the same paths at the ref; the head is the work tree.
  const headPaths = ref === undefined ? positionals.slice(1) : positionals;
  const basePaths = ref === undefined ? positionals.slice(0, 1) : positionals;
  const baseLabel = ref === undefined ? basePaths.join(' ') : basePaths.map((p) => `${ref}:${p}`).join(' ');
  const baseConfig = values['base-config'] ?? values.config;
  const withConfig = (config: string | undefined) => (config === undefined ? {} : { config });
  const loadBase = () => (ref === undefined ? loadApps(basePaths, withConfig(baseConfig)) : loadAppsAtRef(ref, basePaths, withConfig(baseConfig)));
  const base = await renderSide('base', baseLabel, loadBase, baseConfig, io);
  const head = await renderSide('head', headPaths.join(' '), () => loadApps(headPaths, withConfig(values.config)), values.config, io);
  if (!base || !head) {
    const failed = [base ? [] : ['base'], head ? [] : ['head']].flat().join(' and ');
    io.stderr(`error: cannot compare: the ${failed} did not render (problems above)\n`);
    return DIFF_EXIT.trouble;
  }
  const result = diffRenders(base, head);
  io.stdout(values.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderMarkdown(result));
  return values['exit-code'] && result.changed ? DIFF_EXIT.different : DIFF_EXIT.same;
}
