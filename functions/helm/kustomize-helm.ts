// A kustomization that inflates charts (`helmCharts:`) is built with kustomize's helm support,
// as Argo CD builds one when `kustomize.buildOptions` has --enable-helm (util/kustomize
// parseKustomizeBuildOptions): --enable-helm, --helm-command naming the helm that templates
// charts everywhere else, and for kustomize v5.3 and later the destination's --helm-kube-version
// and --helm-api-versions. Pure over the file-system interface of the kustomization graph.

import { kustomizationGraph, kustomizationIn, type DiscoverFs } from '../argocd/kustomization-graph.js';
import { parseYamlStream } from '../core/yaml-library.js';

/** The kustomization files of the app and of what it builds that list helmCharts:, in build-graph order. */
export function helmChartsIn(appDir: string, fs: DiscoverFs): string[] {
  const dirs = [appDir, ...kustomizationGraph(appDir, fs).filter((e) => e.isDirectory).map((e) => e.target)];
  const files = [...new Set(dirs.map((d) => kustomizationIn(d, fs)).filter((f): f is string => f !== undefined))];
  return files.filter((f) => {
    const k = parseYamlStream(fs.read(f) ?? '', f).objects[0] as { helmCharts?: unknown } | undefined;
    return Array.isArray(k?.helmCharts) && k.helmCharts.length > 0;
  });
}

/** The flags of a build with helm (after `--enable-alpha-plugins`). */
export function kustomizeHelmFlags(helm: string, kubeVersion: string | undefined, apiVersions: readonly string[]): string[] {
  return ['--enable-helm', '--helm-command', helm, ...(kubeVersion ? ['--helm-kube-version', kubeVersion] : []), ...apiVersions.flatMap((v) => ['--helm-api-versions', v])];
}

/**
 * kustomize before v5.8 runs `helm version -c` and accepts helm v3 only (api/internal/builtins
 * HelmChartInflationGenerator checkHelmVersion); with helm v4 it fails with a line naming its
 * temporary directory. That failure, said plainly; undefined for any other.
 */
export function kustomizeHelmVersionProblem(stderr: string): string | undefined {
  if (!/unknown shorthand flag: 'c' in -c|requires helm V3 but got v?4/.test(stderr)) return undefined;
  return 'this kustomize runs helm v3 only (kustomize before v5.8, such as the one kubectl 1.32 has built in), and the helm is v4: build with kustomize v5.8 or later (CONTEXTCORE_KUSTOMIZE="kustomize build"; the sidecar image has v5.8.1), or set CONTEXTCORE_HELM to a helm v3';
}
