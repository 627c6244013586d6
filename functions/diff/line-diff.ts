// Line diff of two texts, for multi-line values such as PromQL expressions: unchanged lines with
// two spaces, removed lines with `-`, added lines with `+`. Unchanged lines far from a change are
// left out (hunks with their line numbers, as `diff -u`), so that one changed line of a long
// value is a few lines of report. The lines common to both ends are set aside first; what is
// left is matched by longest common subsequence, quadratic in time and memory, so above
// LCS_CELLS it is shown as all removed, then all added.

/** Unchanged lines kept around each change (`diff -u`'s default). */
export const CONTEXT_LINES = 3;
/** Largest (old lines × new lines) matched line by line: 4 MB of table. */
export const LCS_CELLS = 1_000_000;

type Op = ' ' | '-' | '+';

/** The edit script of the middle parts: longest common subsequence, or all out then all in. */
function middle(a: readonly string[], b: readonly string[]): Array<[Op, string]> {
  if (a.length * b.length > LCS_CELLS) return [...a.map((l): [Op, string] => ['-', l]), ...b.map((l): [Op, string] => ['+', l])];
  // lcs[i * w + j]: length of the longest common subsequence of a[i..] and b[j..]
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
  }
  const out: Array<[Op, string]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push([' ', a[i++]!]);
      j++;
    } else if (i < a.length && (j >= b.length || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) out.push(['-', a[i++]!]);
    else out.push(['+', b[j++]!]);
  }
  return out;
}

export function lineDiff(oldText: string, newText: string): string[] {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const script: Array<[Op, string]> = [
    ...a.slice(0, start).map((l): [Op, string] => [' ', l]),
    ...middle(a.slice(start, a.length - end), b.slice(start, b.length - end)),
    ...a.slice(a.length - end).map((l): [Op, string] => [' ', l]),
  ];
  return hunks(script);
}

/** Every changed line with CONTEXT_LINES around it; `@@ -from,count +from,count @@` before each hunk when lines are left out. */
function hunks(script: ReadonlyArray<[Op, string]>): string[] {
  const keep = script.map(() => false);
  script.forEach(([op], k) => {
    if (op === ' ') return;
    for (let c = Math.max(0, k - CONTEXT_LINES); c <= Math.min(script.length - 1, k + CONTEXT_LINES); c++) keep[c] = true;
  });
  // A single line left out between hunks would only be replaced by a header line.
  keep.forEach((kept, k) => {
    if (!kept && keep[k - 1] && keep[k + 1]) keep[k] = true;
  });
  const text = ([op, line]: [Op, string]) => `${op} ${line}`;
  if (keep.every(Boolean) || !keep.some(Boolean)) return script.map(text);
  const out: string[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (let k = 0; k < script.length; ) {
    if (!keep[k]) {
      if (script[k]![0] !== '+') oldLine++;
      if (script[k]![0] !== '-') newLine++;
      k++;
      continue;
    }
    let e = k;
    while (e < script.length && keep[e]) e++;
    const hunk = script.slice(k, e);
    const olds = hunk.filter(([op]) => op !== '+').length;
    const news = hunk.filter(([op]) => op !== '-').length;
    out.push(`@@ -${oldLine},${olds} +${newLine},${news} @@`, ...hunk.map(text));
    oldLine += olds;
    newLine += news;
    k = e;
  }
  return out;
}
