// Stands in for functions/core/yaml/emit.ts in the bench's build without it: the yaml library's
// stringify, given the resources in canonical key order as our writer writes them.
import { stringify } from 'yaml';
import { canonicalObject, isMarkedCanonical } from '../../../functions/core/base/canonical.js';

export class YamlWriter {
  private readonly chunks: Buffer[] = [];

  constructor(private readonly sink?: (chunk: Uint8Array) => void) {}

  write(text: string): void {
    const chunk = Buffer.from(text, 'utf8');
    if (this.sink) this.sink(chunk);
    else this.chunks.push(chunk);
  }

  flush(): void {}

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  toString(): string {
    return this.bytes().toString('utf8');
  }
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!value || typeof value !== 'object') return value;
  if (isMarkedCanonical(value)) return canonicalObject(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = canonical(v);
  return out;
}

export function writeYaml(value: unknown, w: YamlWriter): void {
  w.write(stringify(canonical(value), { indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false }));
}

export function emitYaml(value: unknown): string {
  const w = new YamlWriter();
  writeYaml(value, w);
  return w.toString();
}
