// YAML streams read with the yaml library for what the fast reader hands over (comments,
// anchors, flow style, every error). Imported statically by what reads users' files (the CLI's
// paths, the Argo CD plugin's app) and with import() by readYamlStream (io.ts).

import { isScalar, parseAllDocuments, Scalar, visit, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions, type Tags } from 'yaml';
import { error, type Result } from '../base/results.js';
import { fastReadYaml } from './fast-read.js';
import { goReadsAsString } from './go-resolve.js';
import { FAILED, MAX_ALIAS_COUNT, MAX_DEPTH, streamOf, type ParsedStream } from './stream.js';
import type { Origin } from '../types/kube.js';

/**
 * The core schema, whose numbers that only overflow stay strings as go-yaml reads them (and the
 * fast reader: goReadsAsString). The fast reader's tests compare it with exactly these options.
 */
export const LIBRARY_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  uniqueKeys: true,
  prettyErrors: true,
  strict: true,
  customTags: (tags: Tags) =>
    tags.map((tag) => {
      if (typeof tag !== 'object' || !('resolve' in tag) || (tag.tag !== 'tag:yaml.org,2002:int' && tag.tag !== 'tag:yaml.org,2002:float')) return tag;
      const resolve = tag.resolve as (value: string, onError: (message: string) => void, options: unknown) => unknown;
      return {
        ...tag,
        resolve(value: string, onError: (message: string) => void, options: unknown) {
          const v = resolve(value, onError, options);
          const n = isScalar(v) ? v.value : v;
          return typeof n === 'number' && goReadsAsString(value, n) ? value : v;
        },
      } as typeof tag;
    }),
};

/** Pre-scan bounds, far above MAX_DEPTH, that keep the recursive YAML composer safe. */
const PRESCAN_MAX_FLOW_DEPTH = 1000;
const PRESCAN_MAX_INDENT = 2000;

/** Cheap scan before parsing: refuses bracket or indentation depth no manifest needs. */
function nestingTooDeep(text: string): boolean {
  let flow = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++flow > PRESCAN_MAX_FLOW_DEPTH) return true;
    } else if (c === 0x5d || c === 0x7d) {
      if (flow > 0) flow--;
    } else if (c === 0x0a) {
      let j = i + 1;
      while (j < text.length && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x2d)) j++;
      if (j - i - 1 > PRESCAN_MAX_INDENT) return true;
      // A new document starts from scratch (stray brackets in strings do not accumulate).
      if (text.startsWith('---', i + 1)) flow = 0;
    }
  }
  return false;
}

/**
 * Parses a YAML (or JSON) stream. Empty documents are skipped; `kind: List` is flattened into its
 * items. Every problem becomes an error result naming the file and, where known, the line.
 */
export function parseYamlStream(text: string, path: string): ParsedStream {
  // Plain block YAML (what kustomize, kpt and kubectl write) takes the fast reader (which hands
  // over anything nested past its own bound); the rest, and every error, goes through the yaml
  // library, whose recursive composer the pre-scan protects.
  const results: Result[] = [];
  let values = fastReadYaml(text);
  if (!values) {
    if (nestingTooDeep(text)) {
      results.push(error(`YAML nesting is deeper than ${MAX_DEPTH} levels; refusing to parse`, { origin: { path } }));
      return streamOf([], path, results);
    }
    values = libraryRead(text, path, results);
  }
  return streamOf(values, path, results);
}

/**
 * Parses as go-yaml reads YAML 1.1's line breaks, which YAML 1.2 (the yaml library's) reads as
 * text: a raw NEL is a line feed; a raw U+2028 or U+2029 breaks the line and stays in the value,
 * the indentation after it (and in a quoted or plain scalar the blanks before it) dropped. That is
 * how go-yaml v3 writes them (kustomize and kpt: `'x\u2028    y'`), and how kubectl reads them.
 */
export function parseWithGoLineBreaks(text: string): Document.Parsed[] {
  const breaks = /[\u0085\u2028\u2029]/.test(text);
  const source = breaks ? text.replace(/\u0085/g, '\n') : text;
  let docs = parseAllDocuments(source, LIBRARY_OPTIONS) as Document.Parsed[];
  if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  if (breaks && /[\u2028\u2029]/.test(source)) for (const doc of docs) visit(doc, { Scalar: (_, node) => keepGoLineBreaks(node, source) });
  return docs;
}

function keepGoLineBreaks(node: Scalar, source: string): void {
  const raw = node.range ? source.slice(node.range[0], node.range[1]) : '';
  if (typeof node.value !== 'string' || !/[\u2028\u2029]/.test(raw)) return;
  if (node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED) {
    node.value = node.value.replace(/[ \t]*([\u2028\u2029])[ \t]*/g, '$1');
    return;
  }
  // A block's indentation: its first line with text, in the source and in the value.
  const lead = (lines: string[]) => {
    const line = lines.find((l) => /[^ ]/.test(l)) ?? '';
    return line.length - line.trimStart().length;
  };
  const indent = lead(raw.split('\n').slice(1)) - lead(node.value.split('\n'));
  node.value = node.value.replace(new RegExp(`([\\u2028\\u2029]) {0,${indent}}`, 'g'), '$1');
}

function libraryRead(text: string, path: string, results: Result[]): unknown[] {
  let docs: Document.Parsed[];
  try {
    docs = parseWithGoLineBreaks(text);
  } catch (e) {
    results.push(error(`invalid YAML: ${(e as Error).message}`, { origin: { path } }));
    return [];
  }
  return docs.map((doc, index) => {
    const origin: Origin = { path, index };
    if (doc.errors.length) {
      for (const e of doc.errors) {
        results.push(error(`invalid YAML: ${(e.message.split('\n')[0] ?? '').replace(/:$/, '')}`, { origin }));
      }
      return FAILED;
    }
    try {
      return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const msg = /alias/i.test((e as Error).message)
        ? `YAML aliases expand beyond ${MAX_ALIAS_COUNT} nodes (possible alias bomb); refusing to expand`
        : `invalid YAML: ${(e as Error).message}`;
      results.push(error(msg, { origin }));
      return FAILED;
    }
  });
}
