// Every CLI command, in usage order: its name, its module, its usage lines and its help. The
// module is imported when the command runs, so each command is a chunk of its own (esbuild code
// splitting) and a run loads only its command's code; `--help` needs none of them. A new command
// is a module in this folder, exporting run, and an entry here.
import type { Command } from '../command.js';

const command = (name: string, load: Command['load'], help: string, ...usage: string[]): Command => ({ name, usage, help, load });

/** What every command that reads paths takes. */
const PATHS_HELP = `Paths are apps, as Argo CD renders them: a directory with a kustomization is built with
kustomize, one with a Chart.yaml templated with helm; a file is read whatever its name; another
directory is read recursively (its .yaml, .yml and .json files, except kustomization.yaml and
Kptfile); - is stdin. A ProjectContextExpander among them is the configuration unless --config
names one.

Options:
  --config FILE   the ProjectContextExpander to use
  --strict        every warning is an error (as strict: true in the configuration)`;

export const COMMANDS: readonly Command[] = [
  command('render', () => import('./render.js'), `Prints the input with targets annotated, plus every generated resource, as one YAML stream.\n\n${PATHS_HELP}`, 'render <paths...|-> [--config FILE] [--strict]   YAML stream of the input plus generated resources'),
  command(
    'validate',
    () => import('./validate.js'),
    `Runs every check of render without printing the result: a verdict on stderr, exit 0 or 1. A file\nnamed here that holds no document, or an input without any ProjectContext, is an error.\n\n${PATHS_HELP}`,
    'validate <paths...|-> [--config FILE] [--strict] check ProjectContexts and configuration',
  ),
  command('plan', () => import('./plan.js'), `Prints the plan of each ProjectContext: what is generated, what exists, what is skipped and why,\nthe rules that derived each value, and the render's warnings.\n\n${PATHS_HELP}\n  --json          the plans as JSON (what the PostSync hook reads)`, 'plan <paths...|-> [--config FILE] [--json] [--strict]   epic → story → task plan per context'),
  command(
    'diff',
    () => import('./diff.js'),
    `Renders two sides and reports what the generated observability becomes: objectives, alert\nthresholds, dashboards panel by panel, scrape, sampling.\n\nOptions:\n  --git REF            the base is the paths at REF, the head the work tree\n  --affected           with --git: every app under the roots given (default .) that the change touches\n  --format FORMAT      markdown (default, for a pull-request comment) or json (every change)\n  --exit-code          exit 1 when anything changed\n  --config FILE        the configuration of both sides\n  --base-config FILE   the configuration of the base\n\nExit codes: 0 no differences (or differences without --exit-code), 1 differences with\n--exit-code, 2 a side that cannot be read or rendered, 70 a bug.`,
    'diff <base> <head> [--format markdown|json] [--exit-code] [--config FILE] [--base-config FILE]',
    'diff --git <ref> <paths...> [same options]   what the generated output becomes, base → head',
    'diff --git <ref> --affected [roots...]       the same for every app under the roots the change touches',
  ),
  command('fn', () => import('./fn.js'), 'The KRM function: a config.kubernetes.io/v1 ResourceList on stdin, the processed ResourceList on\nstdout; functionConfig a ProjectContextExpander, or the key=value ConfigMap of kpt fn eval -- k=v.\nAlso run as contextcore-fn. Takes no arguments.', 'fn                                           KRM function: ResourceList on stdin → stdout'),
  command(
    'kustomize',
    () => import('./kustomize.js'),
    'install-plugin copies the CLI into kustomize\'s plugin home and writes the legacy exec plugin\n(then: kubectl kustomize --enable-alpha-plugins). plugin is that plugin: the transformer config\nfile kustomize passes, the resources on stdin, the YAML stream on stdout.\n\nOptions of install-plugin:\n  --plugin-home DIR   where to install (default: $KUSTOMIZE_PLUGIN_HOME, $XDG_CONFIG_HOME/kustomize/plugin, ~/.config/kustomize/plugin)\n  --node PATH         the interpreter its #! line names (default: this node)',
    'kustomize install-plugin [--plugin-home DIR] install the kustomize plugin (--node PATH)',
    'kustomize plugin CONFIG                      legacy exec plugin: YAML stream on stdin → stdout',
  ),
  command(
    'argocd',
    () => import('./argocd.js'),
    'The Argo CD config-management plugin\'s commands, run by the sidecar in the app directory with\nArgo CD\'s environment (ARGOCD_APP_*, ARGOCD_ENV_*, parameters). transform is the kustomize plugin\nthat generate (and render, validate, plan, diff of a kustomization) installs for its build.\n\nOptions of transform:\n  --results FILE     append what the run reports to FILE, for the build, instead of printing it\n  --placement FILE   the table of where the build puts each run\'s objects afterwards\n  --config FILE      a ProjectContextExpander to use instead of the one the run would choose',
    'argocd generate                              Argo CD plugin: the app in the working directory → YAML stream',
    'argocd discover                              Argo CD plugin: prints the app file holding a ProjectContext, if any',
    'argocd transform [--results FILE] [--placement FILE] [--config FILE] CONFIG   kustomize plugin that argocd generate runs for the ContextCore transformer',
  ),
  command(
    'hook',
    () => import('./hook.js'),
    `The PostSync hook: checks each artifact of the plan in the cluster (and that a Prometheus selects\nthe ServiceMonitors and PrometheusRules), records the result on the ProjectContext's status,\nemits the plan as a trace, and prints the trace id once the collector accepted it.\n\nOptions:\n  --plan FILE                 the plan.json of the <context>-plan ConfigMap (required)\n  --endpoint URL              OTLP/HTTP endpoint (default: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_ENDPOINT)\n  --timeout DURATION          the whole run, at most 5m (default 10s)\n  --dry-run                   print the spans as OTLP JSON; contact nothing\n  --strict                    exit 1 when the cluster, the status patch or the export failed\n  --implicit-namespace NS     the plan namespace that stands for the one the hook runs in\n  --no-status                 do not patch the ProjectContext's status`,
    'hook emit --plan FILE [--endpoint URL] [--timeout DURATION] [--dry-run] [--strict] [--implicit-namespace NS] [--no-status]   PostSync hook: verify the plan, record it, emit it as a trace',
  ),
  command(
    'gate',
    () => import('./gate.js'),
    `The PreSync error-budget gate (docs/delivery.md): asks Prometheus for each SLO's remaining error\nbudget and for the page alerts firing now, from the records and alerts of the plan, and decides by\nthe policy of the context's criticality; records the decision on the ProjectContext's status and\nas a span. Exit 0 allows the sync (allow, warn), 1 blocks it, 2 when a token or CA file cannot be read.\n\nOptions:\n  --plan FILE                 the plan.json of the <context>-gate ConfigMap (required)\n  --prometheus URL            Prometheus' HTTP API (default: the plan's gate.prometheusUrl)\n  --bearer-token-file FILE    a bearer token for Prometheus, read at each run\n  --ca-file FILE              the CA bundle of Prometheus' certificate\n  --timeout DURATION          the whole run, at most 5m (default 20s)\n  --format text|json          the decision as text (default) or JSON\n  --dry-run                   decide, print, and never block (exit 0)\n  --no-status                 do not patch the ProjectContext's status\n  --endpoint URL              OTLP/HTTP endpoint of the decision's span\n  --implicit-namespace NS     the plan namespace that stands for the one the gate runs in`,
    'gate --plan FILE [--prometheus URL] [--bearer-token-file FILE] [--ca-file FILE] [--timeout DURATION] [--format text|json] [--dry-run] [--no-status] [--endpoint URL] [--implicit-namespace NS]   PreSync error-budget gate: exit 0 allows the sync, 1 blocks it',
  ),
];

/** The help of a command, or of one of its subcommands: its usage lines, then what it does. */
export function commandHelp(c: Command, sub: string | undefined): string {
  const own = sub === undefined ? [] : c.usage.filter((l) => l.startsWith(`${c.name} ${sub} `) || l === `${c.name} ${sub}`);
  const lines = own.length ? own : c.usage;
  return `Usage:\n${lines.map((l) => `  contextcore ${l}`).join('\n')}\n\n${c.help}\n`;
}
