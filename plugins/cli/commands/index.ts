// Every CLI command, in usage order: its name, its usage lines and its module. The module is
// imported when the command runs, so each command is a chunk of its own (esbuild code
// splitting) and a run loads only its command's code. A new command is a module in this folder,
// exporting run, and an entry here.
import type { Command } from '../command.js';

export const COMMANDS: readonly Command[] = [
  { name: 'render', usage: ['render <paths...|-> [--config FILE]          YAML stream of the input plus generated resources'], load: () => import('./render.js') },
  { name: 'validate', usage: ['validate <paths...|-> [--config FILE]        check ProjectContexts and configuration'], load: () => import('./validate.js') },
  { name: 'plan', usage: ['plan <paths...|-> [--config FILE] [--json]   epic → story → task plan per context'], load: () => import('./plan.js') },
  {
    name: 'diff',
    usage: [
      'diff <base> <head> [--format markdown|json] [--exit-code] [--config FILE] [--base-config FILE]',
      'diff --git <ref> <paths...> [same options]   what the generated output becomes, base → head',
    ],
    load: () => import('./diff.js'),
  },
  { name: 'fn', usage: ['fn                                           KRM function: ResourceList on stdin → stdout'], load: () => import('./fn.js') },
  {
    name: 'kustomize',
    usage: [
      'kustomize install-plugin [--plugin-home DIR] install the kustomize plugin (--node PATH)',
      'kustomize plugin CONFIG                      legacy exec plugin: YAML stream on stdin → stdout',
    ],
    load: () => import('./kustomize.js'),
  },
  {
    name: 'argocd',
    usage: [
      'argocd generate                              Argo CD plugin: the app in the working directory → YAML stream',
      'argocd discover                              Argo CD plugin: prints the app file holding a ProjectContext, if any',
      'argocd transform [--results FILE] CONFIG     kustomize plugin that argocd generate runs for the ContextCore transformer',
    ],
    load: () => import('./argocd.js'),
  },
  {
    name: 'hook',
    usage: ['hook emit --plan FILE [--endpoint URL] [--timeout DURATION] [--dry-run] [--strict] [--implicit-namespace NS] [--no-status]   PostSync hook: verify the plan, record it, emit it as a trace'],
    load: () => import('./hook.js'),
  },
];
