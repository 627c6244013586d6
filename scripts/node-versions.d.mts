// Types of scripts/node-versions.mjs, for the tests and the bench that import it.
export declare const NODE_VERSIONS: Record<20 | 22 | 24, string>;
export declare const IMAGE_NODE_MAJOR: 24;
export declare function nodeCacheDir(): string;
export declare function nodeBinaryPath(major: number, dir?: string): string | undefined;
export declare function otherMajors(): number[];
