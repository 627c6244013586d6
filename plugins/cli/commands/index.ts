// Every CLI command, in usage order: its name, its module and its usage lines. The module is
// imported when the command runs, so each command is a chunk of its own (esbuild code
// splitting) and a run loads only its command's code. A new command is a module in this folder,
// exporting run, and an entry here.
import type { Command } from '../command.js';

const command = (name: string, load: Command['load'], ...usage: string[]): Command => ({ name, usage, load });

export const COMMANDS: readonly Command[] = [
  command('render', () => import('./render.js'), 'render <paths...|-> [--config FILE]          YAML stream of the input plus generated resources'),
  command('validate', () => import('./validate.js'), 'validate <paths...|-> [--config FILE]        check ProjectContexts and configuration'),
  command('plan', () => import('./plan.js'), 'plan <paths...|-> [--config FILE] [--json]   epic → story → task plan per context'),
  command(
    'diff',
    () => import('./diff.js'),
    'diff <base> <head> [--format markdown|json] [--exit-code] [--config FILE] [--base-config FILE]',
    'diff --git <ref> <paths...> [same options]   what the generated output becomes, base → head',
  ),
  command('fn', () => import('./fn.js'), 'fn                                           KRM function: ResourceList on stdin → stdout'),
  command(
    'kustomize',
    () => import('./kustomize.js'),
    'kustomize install-plugin [--plugin-home DIR] install the kustomize plugin (--node PATH)',
    'kustomize plugin CONFIG                      legacy exec plugin: YAML stream on stdin → stdout',
  ),
  command(
    'argocd',
    () => import('./argocd.js'),
    'argocd generate                              Argo CD plugin: the app in the working directory → YAML stream',
    'argocd discover                              Argo CD plugin: prints the app file holding a ProjectContext, if any',
    'argocd transform [--results FILE] CONFIG     kustomize plugin that argocd generate runs for the ContextCore transformer',
  ),
  command(
    'hook',
    () => import('./hook.js'),
    'hook emit --plan FILE [--endpoint URL] [--timeout DURATION] [--dry-run] [--strict] [--implicit-namespace NS] [--no-status]   PostSync hook: verify the plan, record it, emit it as a trace',
  ),
  command(
    'gate',
    () => import('./gate.js'),
    'gate --plan FILE [--prometheus URL] [--bearer-token-file FILE] [--ca-file FILE] [--timeout DURATION] [--format text|json] [--dry-run] [--no-status] [--endpoint URL]   PreSync error-budget gate: exit 0 allows the sync, 1 blocks it',
  ),
];
