// A second, stricter baseline (informational, no goal): an identity KRM function built from this
// tool's own YAML reader and writer, so the ratio shows only what expanding costs. The function's
// output is ~30 times its input (rules, dashboards and plans per context), which this baseline
// does not write.
import { readFileSync, writeSync } from 'node:fs';
import { yamlDocument } from '../../functions/core/yaml/io.js';
import { parseYamlStream } from '../../functions/core/yaml/parse.js';

const parsed = parseYamlStream(readFileSync(0, 'utf8'), '<stdin>');
if (parsed.results.length || parsed.objects.length !== 1) throw new Error('expected one ResourceList');
yamlDocument(parsed.objects[0]).writeTo((chunk) => {
  let rest = chunk;
  while (rest.length) rest = rest.subarray(writeSync(1, rest));
});
