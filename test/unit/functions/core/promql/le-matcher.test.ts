// The `le` regex accepts every spelling exporters give a bucket bound, and nothing else. Matched
// here with JavaScript's engine, which agrees with RE2 on the constructs used (character classes,
// groups, `?`, `*`, `|`); test/promtool.test.ts proves the same in Prometheus.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { leMatcher, leRegex } from '../../../../../functions/core/promql/le-matcher.js';
import { KNOWN_BUCKET_BOUNDARIES } from '../../../../../functions/core/tables/latency-slo.js';

/** Prometheus anchors a regex matcher at both ends. */
const matches = (bound: number, text: string) => new RegExp(`^(?:${leRegex(bound)})$`).test(text);

/** `printf("%e")` as C and Go write it: six fraction digits, a signed two-digit exponent. */
function printfE(x: number): string {
  const [mantissa, exponent] = x.toExponential(6).split('e') as [string, string];
  const n = Number(exponent);
  return `${mantissa}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

/** How exporters and Prometheus spell a bound. */
function spellings(x: number): string[] {
  const shortest = String(x); // Go strconv 'g' -1, JavaScript, the OpenTelemetry Collector: "1", "0.5"
  const float = Number.isInteger(x) ? `${x}.0` : shortest; // Prometheus 3, Java, Python: "1.0"
  const exp = x.toExponential(); // "5e-1", "1e+0"
  return [shortest, float, exp, exp.toUpperCase(), exp.replace('e+', 'e'), printfE(x), printfE(x).toUpperCase(), `${float}000`, `0${float}`];
}

const ALL_BOUNDS = [...new Set([...KNOWN_BUCKET_BOUNDARIES.otel, ...KNOWN_BUCKET_BOUNDARIES.prometheus, 0.35, 1.25, 15, 30, 60, 150, 0.0005])].sort((a, b) => a - b);

describe('le matcher', () => {
  for (const bound of ALL_BOUNDS) {
    it(`${bound}: every spelling matches (${spellings(bound).join(', ')})`, () => {
      for (const text of spellings(bound)) assert.ok(matches(bound, text), `${leRegex(bound)} does not match ${text}`);
    });
    it(`${bound}: no spelling of another bound matches`, () => {
      for (const other of ALL_BOUNDS.filter((b) => b !== bound)) for (const text of spellings(other)) assert.ok(!matches(bound, text), `${leRegex(bound)} matches ${text} (${other})`);
    });
  }

  const near: Array<[string, number, string[]]> = [
    ['1 is not 10, 0.1, 11 or 1.01', 1, ['10', '0.1', '11', '1.01', '1e1', '1e-1', '01.5', '+Inf', '', '1.0.0', 'le1']],
    ['0.5 is not 5, 0.05, 0.55 or 50e-1', 0.5, ['5', '0.05', '0.55', '50e-1', '5e-2', '5e1', '.', '0.5x']],
    ['10 is not 1, 100 or 1e2', 10, ['1', '100', '1e2', '1.0e+02', '10.5', '0.10']],
    ['0.075 is not 0.75 or 7.5e-3', 0.075, ['0.75', '7.5e-3', '7.5e-1', '0.0075', '75']],
  ];
  for (const [name, bound, texts] of near) {
    it(`near misses are refused: ${name}`, () => {
      for (const text of texts) assert.ok(!matches(bound, text), `${leRegex(bound)} matches ${text}`);
    });
  }

  it('for any bound with up to four significant digits, a spelling matches exactly when it is the same number', () => {
    const bound = fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: -6, max: 3 })).map(([m, e]) => Number(`${m}e${e}`));
    fc.assert(
      fc.property(bound, bound, (a, b) => {
        for (const text of spellings(b)) assert.equal(matches(a, text), Number(text) === a, `${leRegex(a)} on ${text}`);
      }),
      { numRuns: 500 },
    );
  });

  it('the matcher is a regex matcher on le', () => {
    assert.deepEqual(leMatcher(1), { name: 'le', op: '=~', value: '0*1([.]0*)?([eE][+-]?0+)?' });
  });

  it('a bound that is not a positive finite number is a bug', () => {
    for (const bad of [0, -1, Number.POSITIVE_INFINITY, Number.NaN]) assert.throws(() => leRegex(bad), /positive finite/);
  });
});
