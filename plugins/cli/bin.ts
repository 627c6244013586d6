// Entry point of the bundled executable: process I/O only.
import { main } from './main.js';

let stdout = '';
const code = await main(process.argv.slice(2), {
  stdout: (text) => {
    stdout += text;
  },
  stderr: (text) => process.stderr.write(text),
});
// stdout is written once, at the end: a failed run never leaves partial output behind.
if (stdout) process.stdout.write(stdout);
process.exitCode = code;
