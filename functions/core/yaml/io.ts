// YAML streams in and out. Pure: text in, objects and results out (no fs).
// Parsing guards against hostile input (alias bombs, deep nesting, duplicate keys, bad bytes);
// serialisation quotes every string a YAML 1.1 reader (kubectl, client-go) could misread.
// This module never loads the yaml library: text the fast reader cannot take goes to
// parse.ts, imported statically by what reads users' files and with import() by
// readYamlStream (a KRM function's input is what kustomize and kpt write, which the fast
// reader takes; loading the library is 5-7% of the function's start, docs/performance.md).

import { emitYaml, writeYaml, YamlWriter } from './emit.js';
import { fastReadYaml } from './fast-read.js';
import { streamOf, type ParsedStream } from './stream.js';
import { error, type Result } from '../base/results.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(bytes: Uint8Array, path: string): { text?: string; results: Result[] } {
  try {
    return { text: decoder.decode(bytes), results: [] };
  } catch {
    return { results: [error('input is not valid UTF-8 text', { origin: { path } })] };
  }
}

/**
 * parseYamlStream (parse.ts) for front ends that can wait: the yaml library, a chunk of
 * its own, is loaded only for text the fast reader hands over.
 */
export async function readYamlStream(text: string, path: string): Promise<ParsedStream> {
  const values = fastReadYaml(text);
  if (values) return streamOf(values, path, []);
  const { parseYamlStream } = await import('./parse.js');
  return parseYamlStream(text, path);
}


export function toYaml(value: unknown): string {
  return emitYaml(value);
}

/**
 * YAML written when asked for: chunk by chunk to a sink (an output of hundreds of MB is never
 * held whole, which also keeps garbage collection cheap) or as one buffer.
 */
export class YamlOutput {
  constructor(private readonly emit: (w: YamlWriter) => void) {}

  writeTo(sink: (chunk: Uint8Array) => void): void {
    const w = new YamlWriter(sink);
    this.emit(w);
    w.flush();
  }

  bytes(): Buffer {
    const w = new YamlWriter();
    this.emit(w);
    return w.bytes();
  }

  toString(): string {
    return this.bytes().toString('utf8');
  }
}

export const NO_OUTPUT = new YamlOutput(() => {});

/** One document. */
export const yamlDocument = (value: unknown) => new YamlOutput((w) => writeYaml(value, w));

/** A YAML stream: documents separated by `---`. */
export const yamlStream = (objects: readonly unknown[]) =>
  new YamlOutput((w) =>
    objects.forEach((o, i) => {
      if (i) w.write('---\n');
      writeYaml(o, w);
    }),
  );

export function toYamlStream(objects: readonly unknown[]): string {
  return yamlStreamBytes(objects).toString('utf8');
}

/** The stream as UTF-8 bytes, without ever holding it as one string. */
export const yamlStreamBytes = (objects: readonly unknown[]): Buffer => yamlStream(objects).bytes();

/** One document as UTF-8 bytes. */
export const yamlBytes = (value: unknown): Buffer => yamlDocument(value).bytes();
