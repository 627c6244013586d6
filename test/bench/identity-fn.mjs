// The baseline of the throughput and memory goals: a KRM function that only parses the
// ResourceList and re-serialises it, with the same YAML library the real function uses.
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

const list = parse(readFileSync(0, 'utf8'), { maxAliasCount: 100 });
process.stdout.write(stringify(list, { lineWidth: 0 }));
