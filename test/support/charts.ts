// Helm charts of the tests, written here: an app chart whose templates make a Deployment, a
// Service with a metrics port and (optionally) a ProjectContext from its values, and a library
// chart that depends on nothing. Plus the pinned helm (scripts/go-tools.mjs) and running it.

import { spawnSync } from 'node:child_process';
import { goTool } from './go-tools.js';

export const HELM = goTool('helm');

export interface ChartSpec {
  name: string;
  /** Chart.yaml dependencies. */
  dependencies?: Array<{ name: string; version: string; repository: string }>;
  /** values.yaml as text. */
  values?: string;
  /** Whether templates/context.yaml makes a ProjectContext from .Values.context. */
  contextTemplate?: boolean;
  /** Whether every object names .Release.Namespace. */
  namespaced?: boolean;
}

const ns = (on: boolean | undefined) => (on ? '\n  namespace: {{ .Release.Namespace }}' : '');

/** The files of a chart, keyed by path below the chart directory. */
export function chartFiles(c: ChartSpec): Record<string, string> {
  const files: Record<string, string> = {
    'Chart.yaml': `apiVersion: v2\nname: ${c.name}\nversion: 0.1.0\n${c.dependencies ? `dependencies:\n${c.dependencies.map((d) => `  - name: ${d.name}\n    version: ${d.version}\n    repository: ${JSON.stringify(d.repository)}\n`).join('')}` : ''}`,
    'values.yaml': c.values ?? 'replicas: 1\nimage: example/app:1\n',
    'templates/workload.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}${ns(c.namespaced)}
  labels: {app: {{ .Release.Name }}}
spec:
  replicas: {{ .Values.replicas }}
  selector: {matchLabels: {app: {{ .Release.Name }}}}
  template:
    metadata: {labels: {app: {{ .Release.Name }}}}
    spec:
      containers:
        - name: app
          image: {{ .Values.image | quote }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}${ns(c.namespaced)}
  labels: {app: {{ .Release.Name }}}
spec:
  selector: {app: {{ .Release.Name }}}
  ports:
    - {name: http, port: 80}
    - {name: metrics, port: 9090}
`,
  };
  if (c.contextTemplate) {
    files['templates/context.yaml'] = `{{- with .Values.context }}
apiVersion: contextcore.io/v1
kind: ProjectContext
metadata:
  name: {{ $.Release.Name }}${c.namespaced ? '\n  namespace: {{ $.Release.Namespace }}' : ''}
spec:
  project: {id: {{ .project | quote }}}
  business: {criticality: {{ .criticality }}, owner: {{ .owner | quote }}, value: revenue-primary}
  requirements: {availability: {{ .availability | quote }}}
  targets:
    - {kind: Deployment, name: {{ $.Release.Name }}}
    - {kind: Service, name: {{ $.Release.Name }}}
{{- end }}
`;
  }
  return files;
}

/** A library chart: one ConfigMap named after the release. */
export const libraryChart = (name: string): Record<string, string> => ({
  'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
  'templates/configmap.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-${name}\ndata:\n  from: ${name}\n`,
});

/** Files of a chart under a directory of a repository: { 'dir/Chart.yaml': … }. */
export const under = (dir: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([p, t]) => [`${dir}/${p}`, t]));

/** Runs the pinned helm with helm's directories under `home`; throws with its stderr when it fails. */
export function helm(args: string[], opts: { cwd?: string; home: string }): string {
  const env = { ...process.env, HELM_CACHE_HOME: `${opts.home}/cache`, HELM_CONFIG_HOME: `${opts.home}/config`, HELM_DATA_HOME: `${opts.home}/data` };
  const r = spawnSync(HELM.path!, args, { cwd: opts.cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`helm ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}
