// Every label and annotation key, name suffix, record and alert name ContextCore writes, one file
// per concern. Generators import these; none of them spells a key as a literal. What only an
// adapter needs lives with it (functions/argocd/conventions.ts and its siblings).

export * from './resources.js';
export * from './targets.js';
export * from './prometheus.js';
export * from './dashboards.js';
export * from './traces.js';
export * from './hook.js';
export * from './delivery.js';
