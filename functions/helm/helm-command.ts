// How a Helm chart is templated, as Argo CD's repo-server templates it (util/helm/cmd.go
// template, reposerver/repository/repository.go helmTemplate, Argo CD v3): which helm, the
// arguments of `helm template` in Argo CD's order with its escaping of --set values, when the
// chart's dependencies must be built first (Argo CD's IsMissingDependencyErr), and helm's stderr
// as messages. Pure: the caller runs the commands.

import { compareText } from '../core/index.js';
import { HELM_COMMAND_ENV } from './conventions.js';
import { KUBE_API_VERSIONS_ENV, KUBE_VERSION_ENV } from '../argocd/conventions.js';

/** The helm to run, or the problem to report (a usage error: the machine lacks a tool). */
export type HelmChoice = { command: string; chosenBy: string } | { problem: string };

/** What is templated with helm, for messages: "a Helm chart", "a kustomization with helmCharts:". */
export const noHelm = (what: string, why: string) =>
  `${what} is templated with helm, and ${why}: install helm v3 or v4 (the sidecar image has helm v4.3.2: \`go install helm.sh/helm/v4/cmd/helm@v4.3.2\`), or set ${HELM_COMMAND_ENV} to its path`;

/** CONTEXTCORE_HELM (a path or a command), else `helm` on PATH. */
export function helmCommand(configured: string | undefined, onPath: (command: string) => boolean, what: string): HelmChoice {
  const given = (configured ?? '').trim();
  if (given) return { command: given, chosenBy: `${HELM_COMMAND_ENV}="${given}"` };
  if (onPath('helm')) return { command: 'helm', chosenBy: '`helm` on PATH' };
  return { problem: noHelm(what, '`helm` is not on PATH') };
}

export interface TemplateOptions {
  releaseName: string;
  namespace: string;
  /** KUBE_VERSION Argo CD gives the plugin: Capabilities.KubeVersion. */
  kubeVersion?: string;
  /** KUBE_API_VERSIONS Argo CD gives the plugin: Capabilities.APIVersions. */
  apiVersions?: readonly string[];
  /** --set key=value, as Argo CD's spec.source.helm.parameters. */
  set?: Readonly<Record<string, string>>;
  /** Resolved value files (value-files.ts), in order. */
  valueFiles?: readonly string[];
  /** The file holding values given as YAML text, applied after the value files. */
  valuesFile?: string;
}

/**
 * Argo CD's cleanSetParameters: a value in {…} is a helm list and keeps its commas; elsewhere a
 * comma not already escaped is escaped, so that `a,b` stays one value instead of two --set pairs.
 */
export function escapeSetValue(value: string): string {
  if (value.startsWith('{') && value.endsWith('}')) return value;
  let out = '';
  let previous = '';
  for (const c of value) {
    out += c === ',' && previous !== '\\' ? '\\,' : c;
    previous = c;
  }
  return out;
}

/**
 * `helm template .` run in the chart directory, its arguments in the order of Argo CD's
 * Cmd.template. Argo CD ranges over a Go map for --set (a random order); here keys are sorted, so
 * the command line is the same every run. CRDs are included (Argo CD's default, skipCrds: false).
 */
export function templateArgv(o: TemplateOptions): string[] {
  const set = o.set ?? {};
  return [
    'template',
    '.',
    '--name-template',
    o.releaseName,
    '--namespace',
    o.namespace,
    ...(o.kubeVersion ? ['--kube-version', o.kubeVersion] : []),
    ...Object.keys(set)
      .sort(compareText)
      .flatMap((k) => ['--set', `${k}=${escapeSetValue(set[k]!)}`]),
    ...(o.valueFiles ?? []).flatMap((f) => ['--values', f]),
    ...(o.valuesFile ? ['--values', o.valuesFile] : []),
    ...(o.apiVersions ?? []).flatMap((v) => ['--api-versions', v]),
    '--include-crds',
  ];
}

/** `helm dependency build` (Argo CD's dependencyBuild); --plain-http for an OCI registry without TLS. */
export const dependencyBuildArgv = (plainHttp: boolean): string[] => ['dependency', 'build', ...(plainHttp ? ['--plain-http'] : [])];

/** Argo CD's IsMissingDependencyErr: the chart names dependencies that are not in charts/ yet. */
export const isMissingDependency = (stderr: string) => stderr.includes('found in Chart.yaml, but missing in charts/ directory') || stderr.includes('found in requirements.yaml, but missing in charts');

/** Paths that change from run to run (scratch directories), as messages name them. */
export interface Redaction {
  path: string;
  as: string;
}

/** Advice of helm's about its own flags, which a user of the plugin cannot pass. */
const HELM_FLAG_ADVICE = /^Use --debug flag/;

/**
 * helm's stderr as messages: one per message (helm v4 indents the lines that continue one),
 * without "Error: " and advice about helm's flags, temporary paths named by what they are.
 */
export function helmMessages(stderr: string, redactions: readonly Redaction[] = []): string[] {
  const redact = (line: string) => redactions.reduce((l, r) => (r.path ? l.split(r.path).join(r.as) : l), line);
  const messages: string[] = [];
  for (const line of stderr.split('\n')) {
    const text = redact(line.trim()).replace(/^Error:\s*/, '');
    if (!text || HELM_FLAG_ADVICE.test(text)) continue;
    if (/^\s/.test(line) && messages.length) messages[messages.length - 1] += ` ${text}`;
    else messages.push(text);
  }
  return messages;
}

/** The destination cluster as Argo CD describes it to a plugin (KUBE_VERSION, KUBE_API_VERSIONS), for Capabilities. */
export function destinationCapabilities(env: Readonly<Record<string, string | undefined>>): { kubeVersion?: string; apiVersions: string[] } {
  const kubeVersion = env[KUBE_VERSION_ENV] || undefined;
  const apiVersions = (env[KUBE_API_VERSIONS_ENV] ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  return { ...(kubeVersion ? { kubeVersion } : {}), apiVersions };
}
