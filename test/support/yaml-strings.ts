// Strings that YAML readers and writers get wrong, for the tests of the fast reader and writer
// (test/unit/functions/core/yaml/), of the writer against Go YAML (test/yaml-go-readers.test.ts) and of
// users' values through kustomize, kpt, render and fn (test/hostile-strings.test.ts).

import fc from 'fast-check';

/** Unicode's space characters other than space and tab: YAML's white space is only those two. */
export const UNICODE_SPACES = ['\u00a0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u202f', '\u205f', '\u3000'];

/** What go-yaml (v2 and v3) resolves to an int or float, though YAML 1.2's core schema reads a string. */
export const GO_NUMBERS = ['0X1F', '0O17', '0B101', '+_1', '1e_5', '0_x1F', '0x_1F', '-0X1f', '+0x1F', '0b+1', '0o-7', '-0B1', '1_000', '1__0', '1_.5', '.5_5', '1.5_e3', '0777', '08', '0009', '1e999', '0x10000000000000000', '18446744073709551615', '9223372036854775808'];

/** YAML 1.1 (go-yaml v2: kubectl, Argo CD) and 1.2 scalars that are not strings when plain. */
export const NOT_STRINGS_WHEN_PLAIN = [
  'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'y', 'Y', 'n', 'N', 'true', 'True', 'TRUE', 'false', 'FALSE',
  '~', 'null', 'Null', 'NULL', '', '=', '<<',
  '0', '-0', '+1', '012', '0o17', '0x1F', '0b101', '1.', '.5', '+.5', '-.5', '1e3', '1E-3', '6.8523015e+5', '.inf', '-.Inf', '+.INF', '.nan', '.NaN',
  '1:20', '1:20:30', '-1:30', '190:20:30.15', '2001-12-14', '2002-1-1', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2001-12-14T21:59:43Z',
];

/** White space and line breaks in the places block literals and plain scalars are fragile. */
export const WHITE_SPACE = [
  ' ', '  ', '\t', ' \n', '\n ', '\n', '\n\n', ' \n ', '\t\n', '\n\t', 'a\t', '\tx\ny', 'x\n\ty', 'a \n b ', 'trailing \n', 'x\n', 'x\n\n', 'x\n\n\n',
  '\nx', '  lead\nnext', ' a\n ', 'a\n \nb', 'a\n  \n\n', '\n\n ', 'a\r\nb', '\r', 'a\rb', 'x\u2028y', 'x\u2029', 'x\u0085y', ' ' + 'x'.repeat(90) + ' ',
];

/** YAML indicators, escapes and characters go-yaml refuses raw. */
export const SYNTAX = [
  '- a', '-', '-a', '? x', '?', ': x', ':x', 'a:', 'a: b', '#c', 'a #c', 'a#c', '[a]', '{a: b}', '&a', '*a', '!tag', '!!str x', '|', '|-', '>', '>+', '%YAML 1.2', '@x', '`x',
  "'q'", '"q"', "it's", 'say "hi"', '---', '...', '--- x', '... x', '...x', 'a\\b', '\\u0041', '\\n', '{"a": 1}', '{\n  "a": 1\n}\n',
  '\u0000', '\u0001x', '\u007f', 'x\u0080', '\u009f', '\ufeff', 'x\ufeffy', '\ufffe', '\uffff', '\ue000', '\u200b', 'e\u0301', '🚀', '\u{10ffff}', 'ünïcödé ✓',
];

/** Every string above, and each Unicode space at the end, start and middle of a word and alone. */
export const HOSTILE_STRINGS: readonly string[] = [
  ...new Set([
    ...GO_NUMBERS,
    ...NOT_STRINGS_WHEN_PLAIN,
    ...WHITE_SPACE,
    ...SYNTAX,
    ...UNICODE_SPACES.flatMap((s) => [`value${s}`, `${s}value`, `a${s}b`, s, `a ${s}`, `${s} `]),
  ]),
];

/** Random strings built from the characters and words above. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom(' ', '\n', 'a', '1', '_', '.', ':', '-', '#', '\t', ...UNICODE_SPACES)), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
);

/** JSON scalars: hostile and random strings, integers, doubles (no -0: JSON has none), booleans, null. */
export const jsonScalar: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? 0 : d)),
  fc.boolean(),
  fc.constant(null),
);

/**
 * A value nested 20 to 150 levels deep: each level a mapping (siblings before and after it) or a
 * list (items around it, or alone, as in `-\n  - x`), its leaf a string or an empty collection.
 */
export const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.array(fc.record({ kind: fc.constantFrom('map', 'list', 'only item'), key: hostileString, around: fc.array(jsonScalar, { maxLength: 2 }) }), { minLength: 20, maxLength: 150 }),
    fc.oneof(hostileString, fc.constant([]), fc.constant({})),
  )
  .map(([levels, leaf]) =>
    levels.reduceRight<unknown>((inner, l) => {
      if (l.kind === 'map') return { ...Object.fromEntries(l.around.map((v, i) => [`before ${i}`, v])), [l.key]: inner, ...Object.fromEntries(l.around.map((v, i) => [`after ${i} ${l.key}`, v])) };
      return l.kind === 'list' ? [...l.around, inner, ...l.around] : [inner];
    }, leaf),
  );
