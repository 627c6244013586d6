// The `le` label of a histogram bucket, matched however the exporter spelled the bound.
//
// Prometheus compares label values as text, and exporters spell the same bound differently:
// "1" (Go's strconv 'g', the OpenTelemetry Collector), "1.0" (Java, Python; Prometheus 3
// normalises every `le` to this form on ingestion, see its 3.0 migration guide, "le and quantile
// label values"), "1e+00" (printf %e). An equality matcher on one spelling silently selects
// nothing from the others, so the SLI uses a regex that accepts every spelling of the bound in
// fixed notation (any leading zeros of the integer part, any trailing zeros of the fraction,
// an optional zero exponent) and in normalised scientific notation (one digit before the point,
// any trailing zeros, an exponent with or without sign and leading zeros) — and no other number.

import { formatNumber } from '../base/numbers.js';
import type { Matcher } from './syntax.js';

export const LE_LABEL = 'le';

/** Significant digits and decimal exponent of a positive number: 0.075 → {digits: '75', exponent: -2}. */
function decompose(bound: number): { digits: string; exponent: number } {
  const [int = '', frac = ''] = formatNumber(bound).split('.');
  const all = `${int}${frac}`;
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(lead).replace(/0+$/, '');
  return { digits, exponent: int.length - lead - 1 };
}

/** `0*[.]50*`: fraction digits followed by any zeros; `([.]0*)?` when there are none. */
const fraction = (digits: string) => (digits ? `[.]${digits}0*` : '([.]0*)?');

/** RE2 pattern (anchored by Prometheus) matching every spelling of a positive bucket bound. */
export function leRegex(bound: number): string {
  if (!(bound > 0) || !Number.isFinite(bound)) throw new Error(`leRegex: bucket bound must be a positive finite number, not ${bound}`);
  const { digits, exponent } = decompose(bound);
  const zeroExponent = '([eE][+-]?0+)?';
  const fixed =
    exponent >= 0
      ? `0*${digits.padEnd(exponent + 1, '0').slice(0, exponent + 1)}${fraction(digits.slice(exponent + 1))}${zeroExponent}`
      : `0*[.]${'0'.repeat(-exponent - 1)}${digits}0*${zeroExponent}`;
  if (exponent === 0) return fixed; // its scientific spellings are the fixed ones with a zero exponent
  const sign = exponent > 0 ? '[+]?' : '-';
  return `${fixed}|${digits[0]}${fraction(digits.slice(1))}[eE]${sign}0*${Math.abs(exponent)}`;
}

/** `le=~"…"` for a bucket bound in seconds. */
export const leMatcher = (bound: number): Matcher => ({ name: LE_LABEL, op: '=~', value: leRegex(bound) });
