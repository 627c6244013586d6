// Entry point of the bundled executable: process I/O only.
import { argsForProgram } from '../../functions/project-context-expander/plugin-install.js';
import { main } from './main.js';

let stdout = '';
// Installed as the kustomize plugin or called contextcore-fn, the name selects the command.
const code = await main(argsForProgram(process.argv[1], process.argv.slice(2)), {
  stdout: (text) => {
    stdout += text;
  },
  stderr: (text) => process.stderr.write(text),
});
// stdout is written once, at the end: a failed run never leaves partial output behind.
if (stdout) process.stdout.write(stdout);
process.exitCode = code;
