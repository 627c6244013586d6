// Where go-yaml (v2 and v3: kubectl and Argo CD through sigs.k8s.io/yaml, kustomize and kpt
// through kyaml) reads a plain scalar differently from YAML 1.2's core schema and our readers
// follow go-yaml: both the fast reader (fast-read.ts) and the yaml library (parse.ts).

/**
 * Whether go-yaml reads a plain scalar that the core schema reads as the number `n` as a string:
 * when strconv overflows, resolve.go falls back to the string. So a `1e999` or
 * `0x10000000000000000` that kustomize or kpt writes plain is text to every Go reader; read as a
 * number it would be refused (Infinity) or changed. `.inf` and `.nan` are numbers to both.
 */
export function goReadsAsString(s: string, n: number): boolean {
  if (!Number.isFinite(n)) return !/^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/.test(s);
  // Past 2^64 - 1 (16 hex digits, 0o1777777777777777777777): ParseInt and ParseUint both fail.
  if (s.startsWith('0x')) return significantDigits(s, 2) > 16;
  if (s.startsWith('0o')) {
    const digits = significantDigits(s, 2);
    return digits > 22 || (digits === 22 && s.charCodeAt(s.length - 22) > 0x31);
  }
  return false;
}

function significantDigits(s: string, from: number): number {
  let i = from;
  while (s.charCodeAt(i) === 0x30) i++;
  return s.length - i;
}
