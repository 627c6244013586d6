// Entry point of the bundled executable: process I/O only.
import { argsForProgram } from '../../functions/project-context-expander/plugin-install.js';
import { main } from './main.js';

const chunks: Array<string | Uint8Array> = [];
// Installed as the kustomize plugin or called contextcore-fn, the name selects the command.
const code = await main(argsForProgram(process.argv[1], process.argv.slice(2)), {
  stdout: (data) => void chunks.push(data),
  stderr: (text) => process.stderr.write(text),
});
// stdout is written only at the end: a failed run never leaves partial output behind.
for (const chunk of chunks) process.stdout.write(chunk);
process.exitCode = code;
