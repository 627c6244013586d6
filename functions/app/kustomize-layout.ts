// Where a kustomize build runs the ContextCore transformer, and what the build still does to the
// objects after each run, read from the kustomizations without running kustomize. Kustomize builds
// a kustomization in this order (api/internal/target/kusttarget.go accumulateTarget and
// kusttarget_configplugin.go configureBuiltinTransformers, kustomize v5.8):
//   1. resources, each base built whole (its own transformers included);
//   2. generators;
//   3. components, in order, into the same resources: each one's resources, components, builtin
//      transformers and transformers:;
//   4. builtin transformers: patches, namespace:, namePrefix:, nameSuffix:, labels, …;
//   5. transformers:, in order.
// So a component runs before the patches, namespace:, namePrefix: and nameSuffix: of the
// kustomization that includes it, an entry of transformers: after them, and everything a
// kustomization does runs after its bases. Remote bases and components are not fetched. Pure over
// the file-system interface of the kustomization graph.

import { posix } from 'node:path';
import { type DiscoverFs, kustomizationIn } from '../argocd/kustomization-graph.js';
import { isConfig, type KubeObject } from '../core/index.js';
import { parseYamlStream } from '../core/yaml-library.js';

/** A step of the build that moves, renames or changes objects. */
export interface LaterStep {
  kind: 'namespace' | 'namePrefix' | 'nameSuffix' | 'patches';
  /** The namespace, prefix or suffix. */
  value?: string;
  /** A NamespaceTransformer with unsetOnly: it places only namespace-less objects. */
  unsetOnly?: boolean;
  /** The kustomization file that configures it, as messages name it. */
  in: string;
  /** How it is configured there: `namespace:`, `transformers: ns.yaml (NamespaceTransformer)`. */
  by: string;
}

/** One place where the build runs the ContextCore transformer. */
export interface TransformerSite {
  /** The kustomization or component file whose transformers: lists the config, as messages name it. */
  declaredIn: string;
  /** Whether declaredIn is a Component. */
  inComponent: boolean;
  /** The directory kustomize loads the config from: KUSTOMIZE_PLUGIN_CONFIG_ROOT of its runs (absolute). */
  root: string;
  /** What the build does after this run, in build order. */
  later: LaterStep[];
}

export interface KustomizeLayout {
  sites: TransformerSite[];
  /** Components kustomize fetches (not read here): one of them may run ContextCore, with `later` after it. */
  remoteComponents: Array<{ ref: string; declaredIn: string; later: LaterStep[] }>;
}

type Kustomization = Record<string, unknown>;

/** Bounds a hostile or cyclic layout. */
const MAX_VISITS = 256;

const isRemote = (ref: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(ref) || ref.startsWith('git@');
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The builtin transformers kustomize configures from transformers: entries, as steps. */
function builtinStep(o: KubeObject, where: { in: string; by: string }): LaterStep[] {
  const spec = o as Record<string, unknown>;
  const by = `${where.by} (${String(o.kind)})`;
  switch (o.kind) {
    case 'NamespaceTransformer': {
      const value = text(o.metadata?.namespace);
      return value ? [{ kind: 'namespace', value, ...(spec.unsetOnly === true ? { unsetOnly: true } : {}), in: where.in, by }] : [];
    }
    case 'PrefixSuffixTransformer':
    case 'PrefixTransformer':
    case 'SuffixTransformer': {
      const prefix = text(spec.prefix);
      const suffix = text(spec.suffix);
      return [...(prefix ? [{ kind: 'namePrefix' as const, value: prefix, in: where.in, by }] : []), ...(suffix ? [{ kind: 'nameSuffix' as const, value: suffix, in: where.in, by }] : [])];
    }
    case 'PatchTransformer':
    case 'PatchStrategicMergeTransformer':
    case 'PatchJson6902Transformer':
      return [{ kind: 'patches', in: where.in, by }];
    default:
      return [];
  }
}

interface Entry {
  steps: LaterStep[];
  /** Roots of the ContextCore configs in the entry (the entry's own directory for a kustomization of configs). */
  contextcoreRoots: string[];
}

/** `name` says how messages name a kustomization file (default: relative to the app). */
export function kustomizeLayout(appDir: string, fs: DiscoverFs, name?: (path: string) => string): KustomizeLayout {
  const app = posix.normalize(appDir);
  const rel = name ?? ((p: string) => posix.relative(app, p) || '.');
  const layout: KustomizeLayout = { sites: [], remoteComponents: [] };
  let visits = 0;

  const load = (dir: string): { file: string; k: Kustomization } | undefined => {
    const file = kustomizationIn(dir, fs);
    if (!file) return undefined;
    const parsed = parseYamlStream(fs.read(file)!, file);
    const k = parsed.objects[0];
    return parsed.results.length || !k || typeof k !== 'object' ? undefined : { file, k: k as Kustomization };
  };

  const objectsOf = (path: string): KubeObject[] => {
    const t = fs.read(path);
    if (t === undefined) return [];
    const parsed = parseYamlStream(t, path);
    return parsed.results.length ? [] : parsed.objects;
  };

  /** A transformers: entry: inline YAML, a file of configs, or a kustomization directory whose resources are configs. */
  function entryOf(dir: string, file: string, entry: string): Entry {
    const where = { in: rel(file), by: `transformers: ${entry.includes('\n') ? '(inline)' : entry}` };
    const found = (objects: KubeObject[], root: string): Entry => ({
      steps: objects.flatMap((o) => builtinStep(o, where)),
      contextcoreRoots: objects.some((o) => isConfig(o)) ? [root] : [],
    });
    if (entry.includes('\n')) return found(parseYamlStream(entry, file).objects, dir);
    if (isRemote(entry)) return { steps: [], contextcoreRoots: [] };
    const path = posix.join(dir, entry);
    if (!fs.isDirectory(path)) return found(objectsOf(path), dir);
    const inner = load(path);
    const files = strings(inner?.k.resources).filter((r) => !isRemote(r)).map((r) => posix.join(path, r)).filter((p) => !fs.isDirectory(p));
    return found(files.flatMap(objectsOf), path);
  }

  /** What building dir does to everything accumulated so far (a component's whole effect). */
  function effect(dir: string, stack: string[]): LaterStep[] {
    const loaded = stack.includes(dir) || ++visits > MAX_VISITS ? undefined : load(dir);
    if (!loaded) return [];
    const { file, k } = loaded;
    const components = strings(k.components).filter((c) => !isRemote(c)).map((c) => effect(posix.join(dir, c), [...stack, dir]));
    return [...components.flat(), ...builtinSteps(file, k), ...strings(k.transformers).flatMap((t) => entryOf(dir, file, t).steps)];
  }

  function builtinSteps(file: string, k: Kustomization): LaterStep[] {
    const at = rel(file);
    const steps: LaterStep[] = [];
    if (strings(k.patchesStrategicMerge).length || Array.isArray(k.patches) && k.patches.length || Array.isArray(k.patchesJson6902) && k.patchesJson6902.length) steps.push({ kind: 'patches', in: at, by: 'patches:' });
    const namespace = text(k.namespace);
    if (namespace) steps.push({ kind: 'namespace', value: namespace, in: at, by: 'namespace:' });
    const prefix = text(k.namePrefix);
    if (prefix) steps.push({ kind: 'namePrefix', value: prefix, in: at, by: 'namePrefix:' });
    const suffix = text(k.nameSuffix);
    if (suffix) steps.push({ kind: 'nameSuffix', value: suffix, in: at, by: 'nameSuffix:' });
    return steps;
  }

  function walk(dir: string, after: LaterStep[], stack: string[]): void {
    const loaded = stack.includes(dir) || ++visits > MAX_VISITS ? undefined : load(dir);
    if (!loaded) return;
    const { file, k } = loaded;
    const inner = [...stack, dir];
    const componentRefs = strings(k.components);
    const componentEffects = componentRefs.map((c) => (isRemote(c) ? [] : effect(posix.join(dir, c), inner)));
    const builtin = builtinSteps(file, k);
    const entries = strings(k.transformers).map((t) => entryOf(dir, file, t));
    const transformerSteps = (from: number) => entries.slice(from).flatMap((e) => e.steps);

    const afterBases = [...componentEffects.flat(), ...builtin, ...transformerSteps(0), ...after];
    for (const r of [...strings(k.resources), ...strings(k.bases)]) {
      const path = posix.join(dir, r);
      if (!isRemote(r) && fs.isDirectory(path)) walk(path, afterBases, inner);
    }
    componentRefs.forEach((c, i) => {
      const later = [...componentEffects.slice(i + 1).flat(), ...builtin, ...transformerSteps(0), ...after];
      if (isRemote(c)) layout.remoteComponents.push({ ref: c, declaredIn: rel(file), later });
      else walk(posix.join(dir, c), later, inner);
    });
    entries.forEach((e, i) => {
      for (const root of e.contextcoreRoots) layout.sites.push({ declaredIn: rel(file), inComponent: k.kind === 'Component', root, later: [...transformerSteps(i + 1), ...after] });
    });
  }

  walk(app, [], []);
  return layout;
}
