// The hook adapter (emit.ts and its dependencies), bundled, gzipped and base64-encoded.
// Replaced at build time by scripts/hook-bundle.mjs; undefined when running from sources.
export const HOOK_BUNDLE: string | undefined = undefined;
