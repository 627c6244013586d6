// The fast reader must agree with the yaml library (parseAllDocuments + toJS, as yaml-io.ts
// calls it) on every text it accepts, and hand back every text the library rejects.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { emitYaml } from '../../functions/core/yaml-emit.js';
import { fastReadYaml } from '../../functions/core/yaml-fast-read.js';
import { MAX_ALIAS_COUNT } from '../../functions/core/yaml-io.js';
import { EXAMPLES_DIR, examples, ROOT } from '../helpers.js';

const REJECTED = Symbol('rejected');

function reference(text: string): unknown[] | typeof REJECTED {
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: true, strict: true });
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

describe('fast YAML reader', () => {
  it('reads what this tool writes, documents and streams alike, exactly as the yaml library does', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.array(json, { minLength: 1, maxLength: 3 }), (docs) => {
        const text = docs.map((d) => emitYaml(d)).join('---\n');
        if (agrees(text)) read++;
      }),
      { numRuns: 1500, seed: 7 },
    );
    // Most of it takes the fast path; the rest (keep-chomped literals, unusual characters) is handed over.
    assert.ok(read > 1000, `only ${read} of 1500 read by the fast path`);
  });

  it('agrees with the yaml library on whatever its stringify writes, in every style', () => {
    fc.assert(
      fc.property(json, options, (value, opts) => {
        agrees(stringify(value, opts));
      }),
      { numRuns: 2500, seed: 11 },
    );
  });

  it('hands back every text the yaml library rejects, after random edits to valid YAML', () => {
    fc.assert(
      fc.property(json, options, fc.array(edit, { minLength: 1, maxLength: 4 }), (value, opts, edits) => {
        agrees(applyEdits(stringify(value, opts), edits));
        agrees(applyEdits(emitYaml(value), edits));
      }),
      { numRuns: 4000, seed: 13 },
    );
  });

  it('hands back every text the yaml library rejects, among random lines of YAML pieces', () => {
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
