// The fast reader must agree with the yaml library (parseAllDocuments + toJS, as yaml/io.ts
// calls it) on every text it accepts, and hand back every text the library rejects.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { emitYaml } from '../../../../../functions/core/yaml/emit.js';
import { fastReadYaml } from '../../../../../functions/core/yaml/fast-read.js';
import { MAX_ALIAS_COUNT } from '../../../../../functions/core/yaml/stream.js';
import { LIBRARY_OPTIONS } from '../../../../../functions/core/yaml/parse.js';
import { EXAMPLES_DIR, examples, ROOT } from '../../../../helpers.js';
import { GO_NUMBERS, hostileString, NOT_STRINGS_WHEN_PLAIN, UNICODE_SPACES } from '../../../../support/yaml-strings.js';

const REJECTED = Symbol('rejected');

/** The yaml library with the options of the fallback (yaml/parse.ts), as yaml/io.ts calls it. */
function reference(text: string): unknown[] | typeof REJECTED {
  const docs = parseAllDocuments(text, LIBRARY_OPTIONS);
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.some((d) => d.errors.length)) return REJECTED;
  try {
    return list.map((d) => d.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
  } catch {
    return REJECTED;
  }
}

/** Asserts the fast reader either hands the text over or reads exactly what the library reads. */
function agrees(text: string): boolean {
  const fast = fastReadYaml(text);
  if (fast === undefined) return false;
  const want = reference(text);
  assert.notEqual(want, REJECTED, `the fast reader accepted text the yaml library rejects:\n${text}`);
  assert.deepStrictEqual(fast, want, text);
  return true;
}

const tricky = fc.constantFrom(
  '', ' ', 'yes', 'No', '~', 'null', 'Null', 'NULL', 'true', 'False', '0755', '0o17', '0x1F', '0xG', '1e3', '-1E-3', '1_000', '1:20', '.inf', '-.Inf', '.NaN', '-.5', '+1', '1.', '-0', '00', '2001-12-14', '=', '<<', '__proto__',
  '- a', '-', '-a', '? a', '?a', 'a: b', 'a #b', 'a#b', 'a:', ':a', ': a', '#x', '&a', '*a', '!tag', '|', '|-', '>', "'q'", "it's", '"q"', 'say "hi"', '%x', '@x', '`x', '[a]', '{a}', '[]', '{}', 'a,b', 'a, b', '---', '...', '--- a',
  'trailing ', ' leading', 'tab\there', 'multi\nline', 'multi\nline\n', 'ends\n\n', '\nstarts', '  indented\nnext', 'crlf\r\n', 'nel\u0085x', 'ls\u2028x', 'back\\slash', 'esc \\n',
  'https://docs.example.com/a?b=c#d', 'contextcore.io/source', 'ünïcödé ✓', 'emoji 🚀', '\u0001ctrl', '{\n  "json": true\n}\n', 'k'.repeat(1100),
);
const str = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }), tricky);
const scalar = fc.oneof(str, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(str, tie('value'), { maxKeys: 5, noNullPrototype: true }),
})).object;

/** yaml's own stringify in every style it has. */
const options = fc.record({
  indent: fc.constantFrom(1, 2, 4),
  indentSeq: fc.boolean(),
  lineWidth: fc.constantFrom(0, 20, 80),
  minContentWidth: fc.constantFrom(0, 20),
  collectionStyle: fc.constantFrom('any', 'block', 'flow'),
  defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
  defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
  flowCollectionPadding: fc.boolean(),
  doubleQuotedAsJSON: fc.boolean(),
  directives: fc.constantFrom(undefined, true),
}) as fc.Arbitrary<Record<string, unknown>>;

/** Characters that matter to YAML, for edits that break or bend a valid text. */
const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 3 }),
  insert: fc.array(fc.constantFrom(' ', '  ', '\n', '\n  ', '- ', ': ', ':', '#', ' #', '"', "'", '|', '|-', '|+', '>', '[', ']', '{', '}', ',', '&a ', '*a', '!!str ', '? ', '---\n', '...\n', '\\', '\t', 'a', '1', '\u00e9'), { maxLength: 3 }),
});

function applyEdits(text: string, edits: Array<{ at: number; remove: number; insert: string[] }>): string {
  let t = text;
  for (const e of edits) {
    const at = t.length ? e.at % (t.length + 1) : 0;
    t = t.slice(0, at) + e.insert.join('') + t.slice(at + e.remove);
  }
  return t;
}

/**
 * Block YAML in the shapes kustomize, kpt and kubectl write, and people edit: mappings and
 * sequences (indented under their key or not, compact mappings in items), plain scalars of words,
 * numbers, YAML 1.1 booleans and Unicode spaces, quoted scalars, literal and folded blocks with
 * every chomping indicator and indentation indicator, flow collections on one line, comments,
 * blank lines, `---` between documents, LF or CRLF.
 */
const safeWord = fc.constantFrom('a', 'x', 'value', 'app.kubernetes.io/name', 'http://x.io/a?b=c', 'a:b', 'a-b', 'k=v', '50%', 'é', '🚀', ...GO_NUMBERS, ...NOT_STRINGS_WHEN_PLAIN.filter((w) => w));
// Indicators: a plain scalar cannot start with most of them, and `: ` or ` #` ends it.
const indicator = fc.constantFrom('-', ':', '#', '?', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '\\', '\t');
const gap = fc.oneof({ weight: 4, arbitrary: fc.constant(' ') }, { weight: 3, arbitrary: fc.constantFrom(...UNICODE_SPACES) }, { weight: 1, arbitrary: fc.constant('  ') });
/** Words and gaps, Unicode spaces inside and at the end (and, but for keys, at the start). */
const words = (lead: boolean, word: fc.Arbitrary<string>) =>
  fc.tuple(lead ? fc.option(gap, { freq: 6 }) : fc.constant(null), fc.array(fc.tuple(word, gap), { maxLength: 3 }), word, fc.option(gap, { freq: 3 })).map(([first, middle, last, end]) => `${first ?? ''}${middle.map(([w, g]) => w + g).join('')}${last}${end ?? ''}`);
/** Keys start like names (a key that is not a string goes to the library): `app.kubernetes.io/name 1e3\u00a0`. */
const plainKey = fc.tuple(fc.constantFrom('a', 'name', 'app.kubernetes.io/name', 'k-8', 'x_y', 'é'), fc.option(fc.tuple(gap, words(false, safeWord)), { freq: 2 })).map(([first, rest]) => (rest ? first + rest[0] + rest[1] : first));
const plainText = words(true, fc.oneof({ weight: 40, arbitrary: safeWord }, { weight: 1, arbitrary: indicator }));
const oneLine = hostileString.filter((v) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(v));
const comment = fc.constantFrom('# c', '#', '# a: b', '#  - x');
interface Block { style: '|' | '>'; chomp: '' | '-' | '+'; indicator: 0 | 1 | 2 | 3; lines: string[]; trailing: number; indicatorFirst: boolean; comment?: string }
const block: fc.Arbitrary<Block> = fc.record({
  style: fc.constantFrom('|', '|', '|', '|', '|', '>'),
  chomp: fc.constantFrom('', '', '', '-', '-', '-', '+'),
  indicator: fc.constantFrom(0, 0, 0, 0, 0, 0, 1, 2, 3),
  lines: fc.array(fc.oneof({ weight: 6, arbitrary: plainText }, fc.constant(''), plainText.map((t) => `  ${t}`), fc.constantFrom(' ', '\t', 'a\tb', '  # not a comment')), { minLength: 1, maxLength: 4 }),
  trailing: fc.nat({ max: 2 }),
  indicatorFirst: fc.boolean(),
  comment: fc.option(comment, { nil: undefined }),
});
type Scalar = { inline: string } | { block: Block };
const blockScalar: fc.Arbitrary<Scalar> = fc.oneof(
  { weight: 4, arbitrary: plainText.map((inline) => ({ inline })) },
  { weight: 1, arbitrary: oneLine.map((v) => ({ inline: `'${v.replace(/'/g, "''")}'` })) },
  { weight: 1, arbitrary: hostileString.map((v) => ({ inline: JSON.stringify(v) })) },
  { weight: 1, arbitrary: fc.array(plainText.filter((v) => !/[,[\]{}]/.test(v)), { maxLength: 3 }).map((items) => ({ inline: `[${items.join(', ')}]` })) },
  { weight: 1, arbitrary: fc.constantFrom('{}', '[]', '', '~', "''", '""').map((inline) => ({ inline })) },
  { weight: 1, arbitrary: block.map((b) => ({ block: b })) },
);
type Node = { scalar: Scalar; comment?: string } | { map: Array<[string, Node]>; before?: string } | { seq: Node[]; indented: boolean; before?: string };
const key = fc.oneof({ weight: 4, arbitrary: plainKey }, { weight: 1, arbitrary: hostileString.map((k) => JSON.stringify(k)) });
const node = fc.letrec<{ node: Node; map: Node; seq: Node }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.record({ scalar: blockScalar, comment: fc.option(comment, { freq: 4, nil: undefined }) }, { requiredKeys: ['scalar'] }), tie('map'), tie('seq')),
  map: fc.record({ map: fc.uniqueArray(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 4, selector: ([k]) => k }), before: fc.option(fc.constantFrom('', '# c', '  # indented comment'), { freq: 3, nil: undefined }) }, { requiredKeys: ['map'] }),
  seq: fc.record({ seq: fc.array(tie('node'), { minLength: 1, maxLength: 3 }), indented: fc.boolean(), before: fc.option(fc.constantFrom('', '# c'), { freq: 3, nil: undefined }) }, { requiredKeys: ['seq', 'indented'] }),
})).map;

const pad = (n: number) => ' '.repeat(n);

/** A scalar after `key: ` or `- ` on a line whose node sits at `indent`: its text, with any lines after it. */
function scalarText(s: Scalar, indent: number, comment?: string): string {
  if ('inline' in s) return `${s.inline}${comment && s.inline ? ` ${comment}` : ''}\n`;
  const b = s.block;
  const header = b.style + (b.indicatorFirst ? `${b.indicator || ''}${b.chomp}` : `${b.chomp}${b.indicator || ''}`) + (b.comment ? ` ${b.comment}` : '');
  const offset = b.indicator || 2;
  // Without an indicator the first line with text sets the indentation: its own leading spaces
  // would make every later line too little indented.
  const first = b.lines.findIndex((l) => l.trim());
  const lines = b.lines.map((l, i) => (i === first && !b.indicator ? l.trimStart() : l)).map((l) => (l ? pad(indent + offset) + l : l));
  return `${header}\n${lines.join('\n')}\n${'\n'.repeat(b.trailing)}`;
}

function nodeText(n: Node, indent: number, first?: string): string {
  if ('scalar' in n) return scalarText(n.scalar, indent, n.comment);
  let out = '';
  let lead = first;
  if ('map' in n) {
    if (n.before !== undefined && lead === undefined) out += `${n.before ? pad(indent) + n.before : ''}\n`;
    for (const [k, v] of n.map) {
      out += (lead ?? pad(indent)) + k + ':';
      lead = undefined;
      out += 'scalar' in v ? ` ${nodeText(v, indent)}` : `\n${nodeText(v, 'seq' in v && !v.indented ? indent : indent + 2)}`;
    }
    return out;
  }
  if (n.before !== undefined && lead === undefined) out += `${n.before ? pad(indent) + n.before : ''}\n`;
  for (const item of n.seq) {
    const dash = `${lead ?? pad(indent)}- `;
    lead = undefined;
    if ('scalar' in item) out += dash + nodeText(item, indent);
    else if ('map' in item) out += nodeText(item, indent + 2, dash);
    else out += `${dash.trimEnd()}\n${nodeText(item, indent + 2)}`;
  }
  return out;
}

const document = fc.record({ root: node, separator: fc.constantFrom('---\n', '--- # next\n', '---\n\n') });
const blockYaml = fc.record({ docs: fc.array(document, { minLength: 1, maxLength: 3 }), leading: fc.boolean(), crlf: fc.constantFrom(false, false, false, false, false, false, false, true) }).map(({ docs, leading, crlf }) => {
  const text = (leading ? '---\n' : '') + docs.map((d, i) => (i ? docs[i - 1]!.separator : '') + nodeText(d.root, 0)).join('');
  return crlf ? text.replace(/\n/g, '\r\n') : text;
});

describe('fast YAML reader', () => {
  it('reads what this tool writes, documents and streams alike, exactly as the yaml library does (1,500 streams)', (t) => {
    let read = 0;
    fc.assert(
      fc.property(fc.array(json, { minLength: 1, maxLength: 3 }), (docs) => {
        const text = docs.map((d) => emitYaml(d)).join('---\n');
        if (agrees(text)) read++;
      }),
      { numRuns: 1500, seed: 7 },
    );
    t.diagnostic(`1500 streams: ${read} read by the fast path as the yaml library reads them, the rest handed over`);
    // Most of it takes the fast path; the rest (keep-chomped literals, unusual characters) is handed over.
    assert.ok(read > 1000, `only ${read} of 1500 read by the fast path`);
  });

  it('agrees with the yaml library on whatever its stringify writes, in every style (2,500 texts)', () => {
    fc.assert(
      fc.property(json, options, (value, opts) => {
        agrees(stringify(value, opts));
      }),
      { numRuns: 2500, seed: 11 },
    );
  });

  it('reads generated block YAML in the shapes kustomize, kpt and kubectl write exactly as the yaml library does, or hands it over (2,000 texts)', (t) => {
    const runs = 2000;
    const seen = { fast: 0, handed: 0, rejected: 0, unicodeSpaces: 0 };
    fc.assert(
      fc.property(blockYaml, (text) => {
        if (agrees(text)) seen.fast++;
        else if (reference(text) === REJECTED) seen.rejected++;
        else seen.handed++;
        if (UNICODE_SPACES.some((c) => text.includes(c))) seen.unicodeSpaces++;
      }),
      { numRuns: runs, seed: 23 },
    );
    t.diagnostic(`${runs} generated texts (${seen.unicodeSpaces} with Unicode spaces): ${seen.fast} read by the fast path as the yaml library reads them, ${seen.handed} handed over and read by the library, ${seen.rejected} handed over and rejected by it`);
    // CRLF, folded and keep-chomped blocks, indentation indicators and tabs go to the library:
    // the rest must take the fast path often enough for this to test it.
    assert.ok(seen.fast > runs / 6, `only ${seen.fast} of ${runs} read by the fast path`);
  });

  it('hands back every text the yaml library rejects, after random edits to valid YAML (4,000 pairs of texts)', () => {
    fc.assert(
      fc.property(json, options, fc.array(edit, { minLength: 1, maxLength: 4 }), (value, opts, edits) => {
        agrees(applyEdits(stringify(value, opts), edits));
        agrees(applyEdits(emitYaml(value), edits));
      }),
      { numRuns: 4000, seed: 13 },
    );
  });

  it('hands back every text the yaml library rejects, among random lines of YAML pieces (20,000 texts)', () => {
    const piece = fc.constantFrom('- ', '-', 'a: ', 'a:', 'b: ', 'c:', '"k": ', "'k': ", 'x', 'y z', '1', '0x1', '~', '|', '|-', '|+', '>', '"q"', "'q'", '[1, b]', '{a: 1}', '{}', '[]', '# c', ' # c', '---', '...', '', ' ', 'a: b: c', '? ', '&x ', '*x', 'k:v', 'http://x');
    const line = fc.tuple(fc.nat({ max: 6 }), fc.array(piece, { minLength: 1, maxLength: 3 })).map(([n, pieces]) => ' '.repeat(n) + pieces.join(''));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.boolean(), (lines, newline) => {
        agrees(lines.join('\n') + (newline ? '\n' : ''));
      }),
      { numRuns: 20000, seed: 17 },
    );
  });

  it('reads the example apps and the ResourceLists of the conformance cases on the fast path', () => {
    const krm = join(ROOT, 'test/conformance/krm');
    const files = [
      ...examples().flatMap((e) => readdirSync(join(EXAMPLES_DIR, e)).filter((f) => f.endsWith('.yaml')).map((f) => join(EXAMPLES_DIR, e, f))),
      ...readdirSync(krm).flatMap((c) => ['input.yaml', 'expected.yaml'].map((f) => join(krm, c, f))),
    ];
    assert.ok(files.length > 30, `${files.length} files`);
    for (const file of files) assert.ok(agrees(readFileSync(file, 'utf8')), `${file} was handed to the yaml library`);
  });

  // [sentence, text, the documents]: read by the fast path, as the yaml library reads them.
  const exact: Array<[string, string, unknown[]]> = [
    ['a plain value keeps every Unicode space that ends it: YAML strips only space and tab', UNICODE_SPACES.map((c, i) => `k${i}: v${c}\n`).join(''), [Object.fromEntries(UNICODE_SPACES.map((c, i) => [`k${i}`, `v${c}`]))]],
    ['a plain value keeps a Unicode space before spaces and a comment', 'a: value\u00a0\nb: x\u3000 # c\nc: y \u2003  \nd: \u205fz\n', [{ a: 'value\u00a0', b: 'x\u3000', c: 'y \u2003', d: '\u205fz' }]],
    ['a key keeps the Unicode spaces that end it', 'key\u00a0: v\nk\u205f : w\n', [{ 'key\u00a0': 'v', 'k\u205f': 'w' }]],
    ['a flow item and a flow key keep the Unicode spaces that end them', 'a: [x\u202f, y\u1680 ]\nb: {k\u2000: v\u200a}\n', [{ a: ['x\u202f', 'y\u1680'], b: { 'k\u2000': 'v\u200a' } }]],
    ['a list item keeps the Unicode spaces that end it', 'a:\n- x\u2009\n- \u2007\n', [{ a: ['x\u2009', '\u2007'] }]],
    ['a number only overflow makes text stays text, as go-yaml reads it', 'a: 1e999\nb: 0x10000000000000000\nc: 0o2000000000000000000000\nd: 0xFFFFFFFFFFFFFFFF\ne: 0o1777777777777777777777\nf: -.inf\n', [{ a: '1e999', b: '0x10000000000000000', c: '0o2000000000000000000000', d: 0xffffffffffffffff, e: 0xffffffffffffffff, f: -Infinity }]],
  ];
  for (const [name, text, docs] of exact) {
    it(name, () => {
      assert.deepStrictEqual(fastReadYaml(text), docs);
      assert.ok(agrees(text));
    });
  }

  // [sentence, text, read by the fast path]
  const cases: Array<[string, string, boolean]> = [
    ['an empty text has no documents', '', true],
    ['comments alone are no document', '# only a comment\n', true],
    ['a trailing marker opens an empty document', 'a: 1\n---\n', true],
    ['a leading marker opens the first document', '---\na: 1\n', true],
    ['comments before the first marker are not a document', '# header\n---\na: 1\n', true],
    ['an empty document between two is kept as null', 'a: 1\n---\n# nothing\n---\nb: 2\n', true],
    ['a list at the indentation of its key is the key\'s value', 'a:\n- b\n- c\nd: e\n', true],
    ['an indented list is the key\'s value', 'a:\n  - b\n  - c\n', true],
    ['a compact mapping in a list item', 'items:\n- name: a\n  ports:\n  - 80\n  - 81\n- name: b\n', true],
    ['an empty list item is null', '- \n-\n- a\n', true],
    ['an empty value is null', 'a:\nb: ~\n', true],
    ['scalars resolve by the YAML 1.2 core schema', 'a: 012\nb: 0o17\nc: 0x1F\nd: 1e3\ne: .inf\nf: -.Inf\ng: .NaN\nh: True\ni: NULL\nj: yes\nk: 1_000\nl: 2001-12-14\nm: -0\nn: 1.\n', true],
    ['quoted scalars keep their text, escapes included', 'a: "x\\ty \\u00e9 \\x41 \\U0001F680 \\\\ \\""\nb: \'it\'\'s\'\nc: "#no comment"\n', true],
    ['a comment after a value is not part of it', 'a: b # c\nd: "e" # f\ng: h#i\n', true],
    ['a literal keeps its lines, blank ones included', 'a: |\n  one\n\n  three\n    indented\nb: |-\n  stripped\n\nc: 1\n', true],
    ['a literal with leading blank lines', 'a: |-\n\n  x\n', true],
    ['an empty literal is an empty string', 'a: |\nb: 1\n', true],
    ['flow collections on one line', 'a: [1, "two", {three: 3, four: [4]}, []]\nb: {x: y, "q": \'r\'}\n', true],
    ['keys may contain colons, dots and slashes', 'config.kubernetes.io/index: \'0\'\nhttp://x: 1\n"a: b": c\n', true],
    ['a keep-chomped literal goes to the full parser', 'a: |+\n  x\n\n', false],
    ['a folded scalar goes to the full parser', 'a: >-\n  x\n  y\n', false],
    ['a multi-line plain scalar goes to the full parser', 'a: one\n  two\n', false],
    ['a multi-line quoted scalar goes to the full parser', 'a: "one\n  two"\n', false],
    ['anchors and aliases go to the full parser', 'a: &x 1\nb: *x\n', false],
    ['tags go to the full parser', 'a: !!str 1\n', false],
    ['a multi-line flow collection goes to the full parser', 'a: [1,\n  2]\n', false],
    ['a document end marker goes to the full parser', 'a: 1\n...\n', false],
    ['a directive goes to the full parser', '%YAML 1.2\n---\na: 1\n', false],
    ['tabs go to the full parser', 'a:\tb\n', false],
    ['CRLF line ends go to the full parser', 'a: 1\r\nb: 2\r\n', false],
    ['a duplicate key goes to the full parser, which reports it', 'a: 1\na: 2\n', false],
    ['a nested mapping on one line goes to the full parser', 'a: b: c\n', false],
    ['a dash alone as a value goes to the full parser', 'k: -\n', false],
    ['a key that is not a string goes to the full parser', '1: a\n', false],
    ['a merge key goes to the full parser', '<<: {a: 1}\n', false],
    ['a __proto__ key goes to the full parser', '__proto__: 1\n', false],
    ['a root scalar goes to the full parser', 'just text\n', false],
    ['a literal running into the end without a newline goes to the full parser', 'a: |\n  x', false],
    ['a key longer than 1024 characters goes to the full parser', `${'k'.repeat(1025)}: 1\n`, false],
    ['a less indented line after a nested block goes to the full parser', 'a:\n    b: 1\n  c: 2\n', false],
  ];
  for (const [name, text, fast] of cases) {
    it(name, () => {
      assert.equal(agrees(text), fast, `read by the fast path: expected ${fast}`);
    });
  }
});
