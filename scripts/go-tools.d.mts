// Types of scripts/go-tools.mjs, for the tests that import it.
export interface GoToolSpec {
  version: string;
  module?: string;
  /** Go build tags the tool is built with (part of its directory's name). */
  tags?: string[];
  packages: string[];
  bins: string[];
  why: string;
}
export declare const GO_TOOLS: Record<'helm' | 'kustomize' | 'prometheus' | 'jaeger' | 'registry', GoToolSpec>;
export declare function toolsDir(): string;
export declare function toolDir(name: string, dir?: string): string;
export declare function goToolPath(name: string, bin?: string, dir?: string): string | undefined;
