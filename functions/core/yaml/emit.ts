// HAND-WRITTEN FOR SPEED (issue 14). It stays only while `npm run bench` shows it saves at least
// 15% of a realistic run: the bench builds the CLI without it (test/bench/without.ts; stand-in:
// the yaml library's stringify) and times fn with and without it. Measured 2026-12-02 on the shared 2-vCPU
// machine, Node 20.20.2, whole processes, A/B alternated, median of 5 pairs (the machine's load
// made every run ~10x slower than idle): fn on 10 contexts takes 0.72x the time it
// takes without it, on 100 contexts 0.68x. Made exact for go-yaml (issue 23), 2026-12-06, load
// average 9-18, `npm run bench -- --only YAML --runs 9`: 0.46x and 0.59x on 10 contexts, 0.54x
// and 0.58x on 100 (0.54x-0.65x and 0.50x-0.62x before); fn's CPU time 1.00x-1.05x the build's
// before (docs/performance.md).
//
// A fast YAML emitter for JSON data (what manifests are): block style, two-space indent,
// sequences not indented under their key (kubectl/kustomize style), multi-line strings as block
// literals. A string is written plain only when every YAML 1.1 and 1.2 reader and go-yaml (v2
// and v3, what kubectl, kustomize, kpt and Argo CD read with) read it back as that same string;
// otherwise it is quoted, with escapes for whatever go-yaml refuses to read raw. The
// general-purpose YAML library builds a document tree to do this and is an order of magnitude
// slower on large outputs. test/unit/functions/core/yaml/emit.test.ts reads random output back with the yaml
// library (1.1 and 1.2) and with kubectl.

import { canonicalKeys, isMarkedCanonical } from '../base/canonical.js';

// go-yaml v2's map (v3's is a subset) and YAML 1.1's value key `=`.
const RESERVED = /^(?:null|Null|NULL|~|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|=|<<)$/;
// YAML 1.1 and 1.2 ints and floats, sexagesimal (1:20:30) included.
const NUMBER_LIKE = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$|^[-+]?0[xob][0-9a-fA-F_]+$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$|^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
// go-yaml's resolve.go (v2 and v3) takes a plain scalar starting with a sign, a digit or `.` for
// a number when, with every `_` dropped, strconv.ParseInt or ParseUint(s, 0, 64) reads it (0x,
// 0o, 0b and 0 prefixes in either case), or its yamlStyleFloat matches, or a sign follows a `0b`
// or `0o` prefix (`0b+1`); `.5_5` goes to strconv.ParseFloat. A superset of those: `0X1F`,
// `0O17`, `0B101`, `+_1`, `1e_5` and `0_x1F` are numbers to kubectl.
const GO_NUMBER_START = /^[-+.0-9]/;
const GO_NUMBER = /^[-+]?(?:0[xXoObB][-+]?[0-9a-fA-F]+|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)$/;
// YAML 1.1 timestamps; go-yaml's start the same way.
const DATE_LIKE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;
// Printable characters that may stand in a plain scalar anywhere but first.
const PLAIN_BODY = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]*$/;
const PRINTABLE_LINE = PLAIN_BODY;
const FIRST_INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`\s]/;
// `...` then a space or the end ends the document when it starts a line (a key at the top level).
const DOCUMENT_END = /^\.\.\.(?: |$)/;
// Characters a block literal cannot carry (YAML line breaks other than \n, controls but tab,
// and what go-yaml refuses to read raw: U+FFFE, U+FFFF).
const LITERAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u0085\u2028\u2029\ufeff\ufffe\uffff\r]/;
// A line of only white space: the yaml library drops it at the end of a literal with an
// indentation indicator (`|2` then `   `: " \n" read as ""), go-yaml keeps it; quoted instead.
const BLANK_LINE = /(?:^|\n)[ \t]+(?:\n|$)/;
// Such a line ends in a blank before a line break or the end: a quick search first (a large
// pretty-printed JSON holds none, and the regular expression costs 7% of writing fn's output).
const hasBlankLine = (s: string) => (s.includes(' \n') || s.includes('\t\n') || s.endsWith(' ') || s.endsWith('\t')) && BLANK_LINE.test(s);
// Characters go-yaml refuses raw even inside double quotes ("control characters are not
// allowed"), and YAML 1.1's line breaks: written as escapes.
const ESCAPED = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
// Implicit keys end within 1024 characters (YAML 1.2 §7.4.2; the yaml library and go-yaml
// refuse longer ones): a longer key is written as an explicit `? key` entry.
const MAX_IMPLICIT_KEY = 1000;

/** Keys and short values repeat across thousands of resources: remember the verdicts. */
const plainCache = new Map<string, boolean>();

function isPlain(s: string): boolean {
  if (s.length > 64) return computePlain(s);
  let v = plainCache.get(s);
  if (v === undefined) {
    if (plainCache.size > 50_000) plainCache.clear();
    v = computePlain(s);
    plainCache.set(s, v);
  }
  return v;
}

function computePlain(s: string): boolean {
  return (
    s.length > 0 &&
    !FIRST_INDICATOR.test(s) &&
    !/\s$/.test(s) &&
    !s.includes(': ') &&
    !s.includes(' #') &&
    !s.endsWith(':') &&
    !s.includes('\t') &&
    PLAIN_BODY.test(s) &&
    s.isWellFormed() &&
    !RESERVED.test(s) &&
    !NUMBER_LIKE.test(s) &&
    !(GO_NUMBER_START.test(s) && GO_NUMBER.test(s.includes('_') ? s.replace(/_/g, '') : s)) &&
    !DATE_LIKE.test(s) &&
    !DOCUMENT_END.test(s)
  );
}

/**
 * Double quotes as kubectl writes them; single quotes for printable text holding `"` or `\`
 * (JSON in an annotation stays readable: only `'` is doubled); escapes only when unprintable.
 */
function quote(s: string): string {
  if (!s.isWellFormed()) throw loneSurrogate(s);
  if (!PRINTABLE_LINE.test(s)) return doubleQuote(s);
  return s.includes('"') || s.includes('\\') ? `'${s.replace(/'/g, "''")}'` : `"${s}"`;
}
const doubleQuote = (s: string) => JSON.stringify(s).replace(ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export const emitKey = (k: string) => (isPlain(k) ? k : quote(k));

/**
 * A string with half a UTF-16 surrogate pair has no UTF-8 form (Buffer.from writes U+FFFD), and
 * its `\\ud800` escape is refused by go-yaml: no YAML a Kubernetes tool reads can carry it. The
 * readers refuse such input with a result naming the field (stream.ts), so one here is a bug.
 */
function loneSurrogate(s: string): TypeError {
  return new TypeError(`cannot write a string holding a lone surrogate as YAML: ${JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s)}`);
}

const SPACES = ' '.repeat(256);
const pad = (n: number) => (n <= SPACES.length ? SPACES.slice(0, n) : ' '.repeat(n));

/** A string as a block literal, its content indented by `indent`; undefined when unsafe. */
function literal(s: string, indent: number): string | undefined {
  if (LITERAL_UNSAFE.test(s) || hasBlankLine(s) || !s.isWellFormed()) return undefined;
  let chomp: string;
  let body: string;
  if (!s.endsWith('\n')) {
    chomp = '-';
    body = s;
  } else if (s.endsWith('\n\n')) {
    chomp = '+';
    body = s.slice(0, -1);
  } else {
    chomp = '';
    body = s.slice(0, -1);
  }
  const firstText = /[^\n]/.test(body) ? body.slice(body.search(/[^\n]/)) : undefined;
  if (firstText === undefined) return undefined; // only newlines: quoting is clearer
  // A leading tab needs the indentation given (go-yaml looks for indentation there: "found a tab
  // character where an indentation space is expected"), but kustomize and kpt keep a literal's
  // style and go-yaml v3 writes it back without the indicator, then fails on its own output.
  if (firstText.startsWith('\t')) return undefined;
  // Leading spaces on the first content line would be taken for indentation.
  const indicator = firstText.startsWith(' ') ? '2' : '';
  // Every line break followed by text gets the indentation; empty lines stay empty.
  return `|${indicator}${chomp}${`\n${body}`.replace(/\n(?=[^\n])/g, `\n${pad(indent)}`)}`;
}

function scalar(v: unknown, indent: number): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      if (v.includes('\n')) return literal(v, indent) ?? quote(v);
      return isPlain(v) ? v : quote(v);
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`cannot write ${v} as YAML`);
      return Object.is(v, -0) ? '0' : String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    default:
      throw new TypeError(`cannot write a ${typeof v} as YAML`);
  }
}

const isCollection = (v: unknown): v is object => v !== null && typeof v === 'object';

/**
 * UTF-8 output in chunks: short-lived line strings gather into a string that is encoded every
 * 64 KiB, so there is neither one giant string nor a growing buffer copied over and over.
 */
export class YamlWriter {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private pending = '';

  /**
   * With a sink, each 64 KiB chunk goes to it as soon as it is full and nothing is kept: output
   * of hundreds of MB would otherwise sit in memory and make every full GC slower.
   */
  constructor(private readonly sink?: (chunk: Uint8Array) => void) {}

  write(text: string): void {
    this.pending += text;
    if (this.pending.length > 65536) this.flush();
  }

  /** Hands the pending text to the sink (or keeps it); call once at the end when streaming. */
  flush(): void {
    if (!this.pending) return;
    const chunk = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    if (this.sink) {
      this.sink(chunk);
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** Everything written, as one buffer (one copy). */
  bytes(): Buffer {
    if (this.sink) throw new Error('YamlWriter: bytes() of a streaming writer');
    this.flush();
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
  }

  toString(): string {
    return this.bytes().toString('utf8');
  }
}

const hasEntries = (o: object) => {
  for (const k in o) if ((o as Record<string, unknown>)[k] !== undefined) return true;
  return false;
};

/**
 * Writes a map's entries; `first` replaces the indentation of the first line (for `- `). Inside a
 * resource marked canonical (base/canonical.ts), keys are written sorted, apiVersion/kind/metadata first.
 */
function emitMap(obj: Record<string, unknown>, indent: number, w: YamlWriter, first?: string, sorted = false): void {
  const prefix = pad(indent);
  let lead = first;
  const top = !sorted && isMarkedCanonical(obj);
  sorted ||= top;
  const keys = top ? canonicalKeys(obj) : sorted ? Object.keys(obj).sort() : Object.keys(obj);
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) continue;
    w.write(lead ?? prefix);
    lead = undefined;
    const k = emitKey(key);
    if (k.length > MAX_IMPLICIT_KEY) {
      // `? key` then `: value` at the mapping's indentation, which the value then follows as usual.
      w.write(`? ${k}\n`);
      w.write(prefix);
    } else {
      w.write(k);
    }
    if (Array.isArray(v)) {
      if (v.length === 0) w.write(': []\n');
      else {
        w.write(':\n');
        emitSeq(v, indent, w, sorted);
      }
    } else if (isCollection(v)) {
      if (!hasEntries(v)) w.write(': {}\n');
      else {
        w.write(':\n');
        emitMap(v as Record<string, unknown>, indent + 2, w, undefined, sorted);
      }
    } else {
      w.write(': ');
      w.write(scalar(v, indent + 2));
      w.write('\n');
    }
  }
}

function emitSeq(arr: readonly unknown[], indent: number, w: YamlWriter, sorted = false): void {
  const dash = `${pad(indent)}- `;
  for (const item of arr) {
    if (item === undefined || item === null || !isCollection(item)) {
      w.write(dash);
      w.write(item === undefined ? 'null' : scalar(item, indent + 2));
      w.write('\n');
    } else if (Array.isArray(item)) {
      if (item.length === 0) w.write(`${dash}[]\n`);
      else {
        w.write(`${pad(indent)}-\n`);
        emitSeq(item, indent + 2, w, sorted);
      }
    } else if (!hasEntries(item)) {
      w.write(`${dash}{}\n`);
    } else {
      emitMap(item as Record<string, unknown>, indent + 2, w, dash, sorted);
    }
  }
}

/** Writes one YAML document (no `---`), ending in a newline. */
export function writeYaml(value: unknown, w: YamlWriter): void {
  if (Array.isArray(value)) {
    if (!value.length) w.write('[]\n');
    else emitSeq(value, 0, w);
  } else if (isCollection(value)) {
    if (!hasEntries(value)) w.write('{}\n');
    else emitMap(value as Record<string, unknown>, 0, w);
  } else {
    w.write(`${scalar(value, 0)}\n`);
  }
}

/** One YAML document (no `---`), ending in a newline. */
export function emitYaml(value: unknown): string {
  const w = new YamlWriter();
  writeYaml(value, w);
  return w.toString();
}
