// Names of the modules the bundle carries at its end (see load.ts). Filled in at build time by
// scripts/lazy-bundle.mjs; empty when running from sources.
export const EMBEDDED: readonly string[] = [];
