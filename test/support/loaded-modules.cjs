// Preloaded into a CLI run (node --require): on exit, writes to the file named by
// CC_LOADED_MODULES_FILE what the process loaded: the files it required (CommonJS, as dist/ is)
// and Node's own modules. test/bundle-loading.test.ts reads it.
const { writeFileSync } = require('node:fs');
const file = process.env.CC_LOADED_MODULES_FILE;
if (file) process.on('exit', () => writeFileSync(file, JSON.stringify({ files: Object.keys(require.cache), builtins: process.moduleLoadList })));
