// `contextcore diff`: renders both sides and reports what the generated output becomes.
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { error, formatResult, UserError, type Result } from '../../../functions/core/index.js';
import { diffRenders, renderAffectedMarkdown, renderMarkdown, type RenderedSide } from '../../../functions/diff/index.js';
import { UsageError, type Io } from '../command.js';
import { loadApps, loadAppsAtRef, type Apps } from '../apps.js';
import { changedApps } from '../changed-apps.js';
import { renderLoaded } from '../expand-args.js';
import { locateRef, repoPath } from '../git-files.js';
import { withWorktree } from '../git-worktree.js';

/** diff(1) conventions: 0 no changes (or changes without --exit-code), 1 changes, 2 trouble. */
const DIFF_EXIT = { same: 0, different: 1, trouble: 2 } as const;
const FORMATS = ['markdown', 'json'];

/** Why two sides cannot be compared: which of them did not render. */
const notRendered = (base: unknown, head: unknown) => `cannot compare: the ${[base ? [] : ['base'], head ? [] : ['head']].flat().join(' and ')} did not render (problems above)`;

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
    options: {
      format: { type: 'string', default: 'markdown' },
      'exit-code': { type: 'boolean' },
      git: { type: 'string' },
      affected: { type: 'boolean' },
      config: { type: 'string' },
      'base-config': { type: 'string' },
    },
  });
  if (!FORMATS.includes(values.format!)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${values.format}")`);
  const ref = values.git;
  if (values.affected) {
    if (ref === undefined) throw new UsageError('--affected needs --git <ref>: the apps a change since that ref touches');
    if (positionals.includes('-')) throw new UsageError('--affected takes directories to look for apps in (not stdin)');
    return diffAffected(ref, positionals.length ? positionals : ['.'], values, io);
  }
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
    io.stderr(`error: ${notRendered(base, head)}\n`);
    return DIFF_EXIT.trouble;
  }
  const result = diffRenders(base, head);
  io.stdout(values.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderMarkdown(result));
  return values['exit-code'] && result.changed ? DIFF_EXIT.different : DIFF_EXIT.same;
}

/**
 * `diff --git REF --affected [ROOTS…]`: every app under the roots that the change since REF
 * touches (plugins/cli/changed-apps.ts), each diffed on its own, base at REF, head in the work
 * tree; an app that one side does not have is empty there. One report per app, in path order.
 */
async function diffAffected(ref: string, roots: string[], values: { format?: string; 'exit-code'?: boolean; config?: string; 'base-config'?: string }, io: Io): Promise<number> {
  const at = locateRef(ref);
  if ('problem' in at) {
    io.stderr(`base: ${formatResult(error(at.problem))}\n`);
    return DIFF_EXIT.trouble;
  }
  const inRepo = roots.map((r) => repoPath(at.top, r));
  if (inRepo.some((r) => r === undefined)) throw new UsageError(`--affected: ${roots.filter((_, i) => inRepo[i] === undefined).join(', ')} is outside the repository`);
  const baseConfig = values['base-config'] ?? values.config;
  const withConfig = (config: string | undefined) => (config === undefined ? {} : { config });
  const out = await withWorktree(at.commit, async (root) => {
    const apps = changedApps(at.top, at.commit, root, inRepo as string[]);
    if ('problem' in apps) return { problem: apps.problem };
    const reports: Array<{ app: string; report: ReturnType<typeof diffRenders> }> = [];
    let trouble = false;
    for (const app of apps) {
      const path = relative(process.cwd(), join(at.top, app.dir)) || '.';
      const none = async (): Promise<Apps> => ({ apps: [], results: [] });
      const base = await renderSide('base', `${ref}:${app.dir}`, app.atBase ? () => loadAppsAtRef(ref, [path], withConfig(baseConfig), { ...at, root }) : none, baseConfig, io);
      const head = await renderSide('head', path, app.atHead ? () => loadApps([path], withConfig(values.config)) : none, values.config, io);
      if (!base || !head) {
        io.stderr(`error: ${path}: ${notRendered(base, head)}\n`);
        trouble = true;
        continue;
      }
      reports.push({ app: path, report: diffRenders(base, head) });
    }
    return { reports, trouble };
  });
  if ('problem' in out) {
    io.stderr(`error: --git ${ref}: ${out.problem}\n`);
    return DIFF_EXIT.trouble;
  }
  if (out.trouble) return DIFF_EXIT.trouble;
  if (values.format === 'json') io.stdout(`${JSON.stringify({ ref, roots, apps: out.reports }, null, 2)}\n`);
  else io.stdout(renderAffectedMarkdown(roots, out.reports));
  return values['exit-code'] && out.reports.some((r) => r.report.changed) ? DIFF_EXIT.different : DIFF_EXIT.same;
}
