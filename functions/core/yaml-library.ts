// The core's third public entry: YAML people write, read with the yaml library (comments,
// anchors, flow style, every error), synchronously. What reads users' files imports it; through
// index.ts every command would load the library (161 KB) at its start, and fn, whose input is what
// kustomize and kpt write, reads with the fast reader alone (readYamlStream).

export { parseYamlStream } from './yaml/parse.js';
