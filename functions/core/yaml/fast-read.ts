// HAND-WRITTEN FOR SPEED (issue 14). It stays only while `npm run bench` shows it saves at least
// 15% of a realistic run: the bench builds the CLI without it (test/bench/without.ts; stand-in:
// the yaml library) and times fn with and without it. Measured 2026-12-02 on the shared 2-vCPU
// machine, Node 20.20.2, whole processes, A/B alternated, median of 5 pairs (the machine's load
// made every run ~10x slower than idle): fn on 10 contexts takes 0.81x the time it
// takes without it, on 100 contexts 0.83x. Made exact (issue 23: Unicode spaces ending a plain
// scalar are its own), 2026-12-06, load average 9-18, `npm run bench -- --only YAML --runs 9`:
// 0.68x and 0.72x on 10 contexts, 0.73x and 0.67x on 100 (0.61x-0.77x and 0.55x-0.67x before).
//
// A fast reader for the plain block-style YAML that kustomize, kpt, kubectl and this tool write
// (block maps and sequences, plain and quoted one-line scalars, `|` and `|-` literals, `{}` and
// `[]`). The yaml library spends ~0.5 s on a 1 MB ResourceList; this reads it in a few tens of ms.
// It returns undefined the moment the text leaves that subset (anchors, tags, flow collections,
// folded or multi-line scalars, tabs, duplicate keys, anything odd) and the caller parses with the
// yaml library, which also produces the error messages. Its values must equal the library's with
// the options parse.ts gives it (YAML 1.2 core schema but for the numbers go-yaml keeps as
// strings, go-resolve.ts; toJS()): test/unit/functions/core/yaml/fast-read.test.ts checks that differentially.

import { goReadsAsString } from './go-resolve.js';

/** Thrown (never escapes this module) when the text is outside the subset. */
const OUTSIDE = new Error('outside the fast subset');
const outside = (): never => {
  throw OUTSIDE;
};

/** Anything that needs the full parser: tabs, CR, control and Unicode line-break characters, BOM. */
const UNUSUAL_CHARACTER = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;
/** Implicit keys may be at most 1024 characters long (YAML 1.2 §7.4.2). */
const MAX_KEY_LENGTH = 1024;
/** Deeper documents go to the full parser, which reports them. */
const MAX_NESTING = 256;
/** End of the document (a `---` line or the end of the text). */
const END = -1;

const SPACE = 0x20;
const NEWLINE = 0x0a;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

// Core schema tags in the order the yaml library tries them (yaml/dist/schema/core).
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/**
 * A plain scalar's value under the YAML 1.2 core schema, but for numbers that only overflow
 * (goReadsAsString).
 */
export function resolvePlain(s: string): unknown {
  // Only these first characters can start a null, bool, int or float.
  if (!/^[-+.~0-9nNtTfF]/.test(s)) return s;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  let n: number;
  if (INT_OCT.test(s)) n = parseInt(s.substring(2), 8);
  else if (INT.test(s)) n = parseInt(s, 10);
  else if (INT_HEX.test(s)) n = parseInt(s.substring(2), 16);
  else if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  else if (FLOAT_EXP.test(s) || FLOAT.test(s)) n = parseFloat(s);
  else return s;
  return goReadsAsString(s, n) ? s : n;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

class Reader {
  private pos = 0;
  /** Start of the line `pos` is on. */
  private lineStart = 0;
  /** End of that line (index of its newline, or the text length). */
  private lineEnd = 0;
  /** Where the last peek() left `pos`, and what it returned: peeking again there is free. */
  private peekedAt = -1;
  private peeked = END;

  constructor(private readonly text: string) {}

  documents(): unknown[] {
    const docs: unknown[] = [];
    // Content before the first `---` is a document only if it is more than comments.
    if (this.peek() !== END) docs.push(this.document());
    while (this.pos < this.text.length) {
      this.marker();
      docs.push(this.peek() === END ? null : this.document());
    }
    return docs;
  }

  private document(): unknown {
    const value = this.node(0);
    if (this.peek() !== END) outside();
    return value;
  }

  /** Consumes a `---` line (nothing else may follow the marker but a comment). */
  private marker(): void {
    const t = this.text;
    if (!t.startsWith('---', this.pos)) outside();
    let i = this.pos + 3;
    while (t.charCodeAt(i) === SPACE) i++;
    if (i < t.length && t.charCodeAt(i) !== NEWLINE && !(t.charCodeAt(i) === HASH && i > this.pos + 3)) outside();
    this.skipLine();
  }

  private skipLine(): void {
    const nl = this.text.indexOf('\n', this.pos);
    this.pos = nl < 0 ? this.text.length : nl + 1;
  }

  /**
   * Moves to the next line with content (skipping blank and comment lines) and returns its
   * indentation, leaving `pos` on its first non-space character; END at `---` or the end.
   */
  private peek(): number {
    if (this.pos === this.peekedAt) return this.peeked;
    const indent = this.advance();
    this.peekedAt = this.pos;
    this.peeked = indent;
    return indent;
  }

  private advance(): number {
    const t = this.text;
    let p = this.pos;
    // Mid-line (after a scalar): the rest of the line must be empty or a comment.
    if (p > 0 && t.charCodeAt(p - 1) !== NEWLINE) {
      while (t.charCodeAt(p) === SPACE) p++;
      if (p < t.length && t.charCodeAt(p) !== NEWLINE) {
        if (t.charCodeAt(p) !== HASH || t.charCodeAt(p - 1) !== SPACE) outside();
      }
      const nl = t.indexOf('\n', p);
      p = nl < 0 ? t.length : nl + 1;
    }
    for (;;) {
      if (p >= t.length) {
        this.pos = t.length;
        return END;
      }
      let i = p;
      while (t.charCodeAt(i) === SPACE) i++;
      let nl = t.indexOf('\n', i);
      if (nl < 0) nl = t.length;
      const c = t.charCodeAt(i);
      if (i === nl || c === HASH) {
        p = nl + 1;
        continue;
      }
      if (i === p && (c === DASH || c === 0x2e || c === 0x25) && (t.startsWith('---', p) || t.startsWith('...', p) || c === 0x25)) {
        // A document marker, a document end or a directive.
        if (c !== DASH || !t.startsWith('---', p)) outside();
        const after = t.charCodeAt(p + 3);
        if (p + 3 < t.length && after !== NEWLINE && after !== SPACE) outside(); // `---x` is a scalar
        this.pos = p;
        return END;
      }
      this.pos = i;
      this.lineStart = p;
      this.lineEnd = nl;
      return i - p;
    }
  }

  private column(): number {
    return this.pos - this.lineStart;
  }

  /** A node starting at `pos` (on a content line): a block sequence or mapping, or a one-line flow collection. */
  private node(depth: number): unknown {
    if (depth > MAX_NESTING) outside();
    if (this.atSequenceItem()) return this.sequence(this.column(), depth);
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x7b || c === 0x5b) return this.flow(this.lineEnd, depth); // `{}` for an empty document
    if (this.keyAt(this.pos) === undefined) outside(); // a root scalar or something odd
    return this.mapping(this.column(), depth);
  }

  private atSequenceItem(): boolean {
    const t = this.text;
    if (t.charCodeAt(this.pos) !== DASH) return false;
    const next = t.charCodeAt(this.pos + 1);
    return this.pos + 1 >= t.length || next === SPACE || next === NEWLINE;
  }

  private sequence(indent: number, depth: number): unknown[] {
    const t = this.text;
    const items: unknown[] = [];
    for (;;) {
      this.pos++; // the dash
      while (t.charCodeAt(this.pos) === SPACE) this.pos++;
      const c = t.charCodeAt(this.pos);
      if (this.pos >= t.length || c === NEWLINE || c === HASH) {
        if (c === HASH && t.charCodeAt(this.pos - 1) !== SPACE) outside();
        const next = this.peek();
        items.push(next > indent ? this.node(depth + 1) : null);
      } else if (this.atSequenceItem()) {
        outside(); // `- - x`
      } else if (this.keyAt(this.pos) !== undefined) {
        items.push(this.mapping(this.column(), depth + 1));
      } else {
        items.push(this.inlineValue(indent));
      }
      const next = this.peek();
      if (next < indent) return items;
      if (next > indent) outside();
      if (!this.atSequenceItem()) return items; // the next key of the mapping this list is the value of
    }
  }

  private mapping(indent: number, depth: number): Record<string, unknown> {
    const t = this.text;
    const map: Record<string, unknown> = {};
    for (;;) {
      const key = this.keyAt(this.pos);
      if (key === undefined || key.key === '__proto__' || Object.hasOwn(map, key.key)) outside();
      this.pos = key!.end;
      while (t.charCodeAt(this.pos) === SPACE) this.pos++;
      const c = t.charCodeAt(this.pos);
      if (this.pos >= t.length || c === NEWLINE || c === HASH) {
        const next = this.peek();
        // A nested block, a list at the same indentation (`key:\n- a`), or null.
        map[key!.key] = next > indent ? this.node(depth + 1) : next === indent && this.atSequenceItem() ? this.sequence(indent, depth + 1) : null;
      } else {
        map[key!.key] = this.inlineValue(indent);
      }
      const next = this.peek();
      if (next < indent) return map;
      if (next > indent || this.atSequenceItem()) outside();
    }
  }

  /** A mapping key at `p` followed by `:` and a space or the line end: its text and end. */
  private keyAt(p: number): { key: string; end: number } | undefined {
    const t = this.text;
    const c = t.charCodeAt(p);
    let key: string;
    let i: number;
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const q = this.quoted(p);
      if (!q) return undefined;
      key = q.value;
      i = q.end;
      while (t.charCodeAt(i) === SPACE) i++;
      if (t.charCodeAt(i) !== COLON) return undefined;
    } else {
      if (!plainStart(t, p)) return undefined;
      i = p;
      const end = this.lineEndFrom(p);
      for (;;) {
        i = indexWithin(t, ':', i, end);
        if (i < 0) return undefined;
        const after = t.charCodeAt(i + 1);
        if (i + 1 >= t.length || after === SPACE || after === NEWLINE) break;
        i++;
      }
      const raw = t.slice(p, i);
      if (raw.includes(' #')) return undefined;
      key = trimSpaces(raw);
      if (typeof resolvePlain(key) !== 'string') return undefined; // `1:`, `true:`, `null:`
    }
    if (key.length > MAX_KEY_LENGTH || key === '<<') return undefined;
    const after = t.charCodeAt(i + 1);
    if (i + 1 < t.length && after !== SPACE && after !== NEWLINE) return undefined;
    return { key, end: i + 1 };
  }

  private lineEndFrom(p: number): number {
    if (p >= this.lineStart && p <= this.lineEnd) return this.lineEnd;
    const nl = this.text.indexOf('\n', p);
    return nl < 0 ? this.text.length : nl;
  }

  /** A value on the rest of the line: a quoted or plain scalar, `{}`, `[]` or a `|` literal. */
  private inlineValue(parentIndent: number): unknown {
    const t = this.text;
    const p = this.pos;
    const c = t.charCodeAt(p);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) return this.quotedValue();
    if (c === 0x7c) return this.literal(parentIndent); // |
    if (c === 0x7b || c === 0x5b) {
      const end = this.lineEndFrom(p);
      this.pos = p;
      return this.flow(end, 0);
    }
    if (!plainStart(t, p)) outside();
    const end = this.lineEndFrom(p);
    let stop = indexWithin(t, ' #', p, end);
    if (stop < 0) stop = end;
    const raw = trimSpaces(t.slice(p, stop));
    // `a: b: c` and `a: b:` are errors (or keys) the full parser should report.
    if (raw.includes(': ') || raw.charCodeAt(raw.length - 1) === COLON) outside();
    this.pos = stop;
    return resolvePlain(raw);
  }

  /** A flow collection closed on the same line, e.g. `[a, "b"]` or `{x: 1, y: [2]}`. */
  private flow(end: number, depth: number): unknown {
    if (depth > MAX_NESTING) outside();
    const t = this.text;
    const open = t.charCodeAt(this.pos);
    const close = open === 0x7b ? 0x7d : 0x5d;
    const map: Record<string, unknown> | undefined = open === 0x7b ? {} : undefined;
    const seq: unknown[] | undefined = open === 0x7b ? undefined : [];
    this.pos++;
    for (;;) {
      this.flowSpace(end);
      if (t.charCodeAt(this.pos) === close) {
        this.pos++;
        return map ?? seq;
      }
      if (map) {
        const key = this.flowScalar(end);
        if (typeof key !== 'string' || key === '__proto__' || key === '<<' || Object.hasOwn(map, key)) outside();
        if (t.charCodeAt(this.pos) !== COLON || t.charCodeAt(this.pos + 1) !== SPACE) outside();
        this.pos += 2;
        this.flowSpace(end);
        map[key as string] = this.flowNode(end, depth);
      } else {
        seq!.push(this.flowNode(end, depth));
        // `[a: b]` is a single-pair mapping: rare, left to the full parser.
        if (t.charCodeAt(this.pos) === COLON) outside();
      }
      this.flowSpace(end);
      const c = t.charCodeAt(this.pos);
      if (c === 0x2c) this.pos++; // ,
      else if (c !== close) outside();
    }
  }

  private flowSpace(end: number): void {
    while (this.text.charCodeAt(this.pos) === SPACE) this.pos++;
    if (this.pos >= end) outside(); // continues on the next line
  }

  private flowNode(end: number, depth: number): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x7b || c === 0x5b) return this.flow(end, depth + 1);
    return this.flowScalar(end);
  }

  /** A quoted or plain scalar inside a flow collection; `pos` ends right after it (spaces skipped). */
  private flowScalar(end: number): unknown {
    const t = this.text;
    const p = this.pos;
    const c = t.charCodeAt(p);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const value = this.quotedValue();
      while (t.charCodeAt(this.pos) === SPACE) this.pos++;
      return value;
    }
    if (!plainStart(t, p) || isFlowIndicator(t.charCodeAt(p + 1)) && (c === DASH || c === 0x3f || c === COLON)) outside();
    let i = p;
    for (; i < end; i++) {
      const ch = t.charCodeAt(i);
      if (isFlowIndicator(ch)) break;
      if (ch === COLON) {
        const next = t.charCodeAt(i + 1);
        if (next === SPACE || isFlowIndicator(next) || i + 1 >= end) break;
      }
      if (ch === HASH && t.charCodeAt(i - 1) === SPACE) outside(); // a comment inside the brackets
    }
    this.pos = i;
    const raw = trimSpaces(t.slice(p, i));
    return resolvePlain(raw);
  }

  /** The quoted scalar at `pos`, which then moves past its closing quote. */
  private quotedValue(): string {
    const q = this.quoted(this.pos) ?? outside();
    this.pos = q.end;
    return q.value;
  }

  private quoted(p: number): { value: string; end: number } | undefined {
    return this.text.charCodeAt(p) === DOUBLE_QUOTE ? this.doubleQuoted(p) : this.singleQuoted(p);
  }

  /** A double-quoted scalar closed on the same line. */
  private doubleQuoted(p: number): { value: string; end: number } | undefined {
    const t = this.text;
    const end = this.lineEndFrom(p);
    let out = '';
    let from = p + 1;
    for (let i = p + 1; i < end; i++) {
      const c = t.charCodeAt(i);
      if (c === DOUBLE_QUOTE) return { value: out + t.slice(from, i), end: i + 1 };
      if (c !== 0x5c) continue; // backslash
      out += t.slice(from, i);
      const e = t[i + 1];
      if (e === undefined || i + 1 >= end) return undefined; // a line continuation
      const simple = ESCAPES[e];
      if (simple !== undefined && Object.hasOwn(ESCAPES, e)) {
        out += simple;
        i++;
      } else if (Object.hasOwn(HEX_LENGTH, e)) {
        const n = HEX_LENGTH[e]!;
        const hex = t.substr(i + 2, n);
        if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) return undefined;
        out += String.fromCodePoint(code);
        i += 1 + n;
      } else {
        return undefined;
      }
      from = i + 1;
    }
    return undefined; // continues on the next line
  }

  /** A single-quoted scalar closed on the same line (`''` is a quote). */
  private singleQuoted(p: number): { value: string; end: number } | undefined {
    const t = this.text;
    const end = this.lineEndFrom(p);
    let out = '';
    let from = p + 1;
    for (;;) {
      const i = indexWithin(t, "'", from, end);
      if (i < 0) return undefined;
      if (t.charCodeAt(i + 1) === SINGLE_QUOTE && i + 1 < end) {
        out += t.slice(from, i + 1);
        from = i + 2;
        continue;
      }
      return { value: out + t.slice(from, i), end: i + 1 };
    }
  }

  /** A `|` or `|-` literal whose content is indented more than its parent node. */
  private literal(parentIndent: number): string {
    const t = this.text;
    let p = this.pos + 1;
    const chomp = t.charCodeAt(p);
    if (chomp === DASH) p++;
    else if (chomp === 0x2b) outside(); // |+ keeps trailing lines: rare, left to the full parser
    while (t.charCodeAt(p) === SPACE) p++;
    if (p < t.length && t.charCodeAt(p) !== NEWLINE && !(t.charCodeAt(p) === HASH && t.charCodeAt(p - 1) === SPACE)) outside();
    let nl = t.indexOf('\n', p);
    if (nl < 0) outside(); // a literal header on the last line
    let line = nl + 1;
    const lines: string[] = [];
    let indent = -1;
    let leadingSpaces = 0;
    while (line < t.length) {
      let i = line;
      while (t.charCodeAt(i) === SPACE) i++;
      nl = t.indexOf('\n', i);
      if (nl < 0) outside(); // content running into the end of the text without a newline
      const spaces = i - line;
      if (i === nl) {
        // A blank line: part of the literal (leading or inner), or trailing (dropped below).
        if (indent < 0) leadingSpaces = Math.max(leadingSpaces, spaces);
        else if (spaces > indent) outside();
        lines.push('');
      } else {
        if (indent < 0) {
          if (spaces <= parentIndent) break;
          indent = spaces;
          if (leadingSpaces > indent) outside();
        } else if (spaces < indent) {
          break;
        }
        lines.push(t.slice(line + indent, nl));
      }
      line = nl + 1;
    }
    this.pos = line;
    this.lineStart = line;
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    if (!lines.length) return '';
    const body = lines.join('\n');
    return chomp === DASH ? body : `${body}\n`;
  }
}

/**
 * Drops the spaces ending a plain scalar. YAML's white space is only space and tab (tabs never
 * reach here): trimEnd() would also drop U+00A0, U+2000-U+200A, U+3000 and the rest of Unicode's
 * spaces, which belong to the value (kustomize writes a generator literal `a=x\u00a0` plain).
 */
function trimSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === SPACE) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** indexOf bounded to [from, end), so that a long line-free search cannot make reading quadratic. */
function indexWithin(t: string, s: string, from: number, end: number): number {
  if (from >= end) return -1;
  const i = t.slice(from, end).indexOf(s);
  return i < 0 ? -1 : from + i;
}

/** , [ ] { } */
function isFlowIndicator(c: number): boolean {
  return c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
}

/** Whether a plain scalar may start at `p` (YAML 1.2 §7.3.3: no indicator, but `-?:` before a non-space). */
function plainStart(t: string, p: number): boolean {
  const c = t.charCodeAt(p);
  switch (c) {
    case DASH:
    case 0x3f: // ?
    case COLON: {
      const next = t.charCodeAt(p + 1);
      return p + 1 < t.length && next !== SPACE && next !== NEWLINE;
    }
    case 0x2c: case 0x5b: case 0x5d: case 0x7b: case 0x7d: // , [ ] { }
    case HASH: case 0x26: case 0x2a: case 0x21: case 0x7c: case 0x3e: // # & * ! | >
    case SINGLE_QUOTE: case DOUBLE_QUOTE: case 0x25: case 0x40: case 0x60: // ' " % @ `
    case NEWLINE:
    case SPACE:
      return false;
    default:
      return p < t.length;
  }
}

/**
 * The documents of a YAML stream as the yaml library's parseAllDocuments(...).map(d => d.toJS())
 * would give them, or undefined when the text needs the full parser.
 */
export function fastReadYaml(text: string): unknown[] | undefined {
  if (UNUSUAL_CHARACTER.test(text)) return undefined;
  try {
    return new Reader(text).documents();
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
}
