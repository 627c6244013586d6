// The chart repositories a dependency build must know. helm fetches an http(s) dependency from its
// URL only while the chart has no Chart.lock; with one, `helm dependency build` wants every such
// repository in its repositories file ("no repository definition for …"). Argo CD adds them
// with `helm repo add` before building (reposerver getHelmDependencyRepos); the plugin writes a
// copy of the repositories file helm would read (a mounted one holds the credentials) with the
// missing ones added, for that build only. Pure: paths and texts in, text out.

import { posix } from 'node:path';
import { parse, stringify } from 'yaml';
import type { DiscoverFs } from '../argocd/kustomization-graph.js';
import { dependenciesOf } from './chart-files.js';

/** The http(s) repositories the chart's dependencies name (not file://, oci:// or @alias), in order. */
export function httpRepositories(chartDir: string, fs: DiscoverFs): string[] {
  const urls = dependenciesOf(chartDir, fs)
    .map((d) => d.repository)
    .filter((r): r is string => typeof r === 'string' && /^https?:\/\//i.test(r));
  return [...new Set(urls)];
}

/** Where helm reads its repositories file (helm's pkg/cli and pkg/helmpath on Linux). */
export function repositoryConfigPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  if (env.HELM_REPOSITORY_CONFIG) return env.HELM_REPOSITORY_CONFIG;
  if (env.HELM_CONFIG_HOME) return posix.join(env.HELM_CONFIG_HOME, 'repositories.yaml');
  return posix.join(env.XDG_CONFIG_HOME || posix.join(home, '.config'), 'helm', 'repositories.yaml');
}

interface Entry {
  name?: unknown;
  url?: unknown;
}

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/**
 * The repositories file with an entry for each URL it does not have, named as Argo CD names them
 * (the URL with / made -); undefined when it has them all. Entries already there, with their
 * credentials, are kept as they are.
 */
export function repositoriesWith(text: string | undefined, urls: readonly string[]): string | undefined {
  const file = (text ? (parse(text) as { repositories?: unknown } | null) : null) ?? {};
  const entries: Entry[] = Array.isArray((file as { repositories?: unknown }).repositories) ? ((file as { repositories: Entry[] }).repositories) : [];
  const missing = urls.filter((u) => !entries.some((e) => typeof e.url === 'string' && sameUrl(e.url, u)));
  if (!missing.length) return undefined;
  const added = missing.map((url) => ({ name: url.replace(/\//g, '-'), url }));
  return stringify({ apiVersion: '', generated: '0001-01-01T00:00:00Z', ...file, repositories: [...entries, ...added] });
}
