// Preloaded into a measured Node process (node --require): on exit, appends the process's peak
// resident set size in KiB to the file named by CC_BENCH_RSS_FILE.
const { appendFileSync } = require('node:fs');
const file = process.env.CC_BENCH_RSS_FILE;
if (file) process.on('exit', () => appendFileSync(file, `${process.resourceUsage().maxRSS}\n`));
