// Entry point of the bundled executable: process I/O only.
import { main } from './main.js';

const chunks: Array<string | Uint8Array> = [];
const code = await main(process.argv.slice(2), {
  stdout: (data) => void chunks.push(data),
  stderr: (text) => process.stderr.write(text),
});
// stdout is written only at the end: a failed run never leaves partial output behind.
for (const chunk of chunks) process.stdout.write(chunk);
process.exitCode = code;
