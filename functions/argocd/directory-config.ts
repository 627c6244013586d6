// The app's own ProjectContextExpander when its kustomization does not output it (not listed, or
// listed and dropped as config.kubernetes.io/local-config). Read where kustomize would read it
// for this app: the files the app's kustomization lists as resources, and the files at the top of
// the app directory. Never a subdirectory (overlays/prod below a base is another app) and never a
// base (kustomize drops a base's local-config resources before the app sees them). Pure over the
// file-system interface of the kustomization graph.

import { posix } from 'node:path';
import { CONFIG_KIND, isConfig, type KubeObject, type Origin, type Result } from '../core/index.js';
import { parseYamlStream } from '../core/yaml-library.js';
import { kustomizationIn, kustomizationRefs, type DiscoverFs } from './kustomization-graph.js';

/** A ProjectContextExpander found in the app directory's files. */
export interface FoundConfig {
  object: KubeObject;
  origin?: Origin;
}

export interface DirectoryConfigs {
  configs: FoundConfig[];
  /** Files that name a ProjectContextExpander but do not parse. */
  results: Result[];
}

/** appDir is absolute; origins are relative to it, as the app's files are named everywhere else. */
export function directoryConfigs(appDir: string, fs: DiscoverFs): DirectoryConfigs {
  const dir = posix.normalize(appDir);
  const kustomization = kustomizationIn(dir, fs);
  const refs = kustomization ? kustomizationRefs(fs.read(kustomization)!, kustomization) : [];
  const referenced = (field: string) => refs.filter((r) => r.field === field).map((r) => posix.join(dir, r.ref));
  const transformers = new Set(referenced('transformers'));
  const top = fs.files(dir).filter((p) => posix.dirname(p) === dir);
  const listed = referenced('resources').filter((p) => !fs.isDirectory(p));
  const out: DirectoryConfigs = { configs: [], results: [] };
  for (const path of [...new Set([...top, ...listed])]) {
    const text = transformers.has(path) ? undefined : fs.read(path);
    if (text === undefined || !text.includes(CONFIG_KIND)) continue;
    const rel = posix.relative(dir, path);
    const parsed = parseYamlStream(text, rel);
    out.results.push(...parsed.results);
    parsed.objects.forEach((object, i) => {
      if (isConfig(object)) out.configs.push({ object, origin: parsed.origins[i] ?? { path: rel } });
    });
  }
  return out;
}
