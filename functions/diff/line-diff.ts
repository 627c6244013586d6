// Line diff of two texts, for multi-line values such as PromQL expressions: unchanged lines with
// two spaces, removed lines with `-`, added lines with `+`. Unchanged lines far from a change are
// left out (hunks with their line numbers, as `diff -u`), so that one changed line of a long
// value is a few lines of report. The diff package's Myers diff makes the hunks; past
// MAX_EDIT_LENGTH changed lines it gives up, and the value is shown as all removed, then all added.

import { structuredPatch } from 'diff';

/** Unchanged lines kept around each change (`diff -u`'s default). */
export const CONTEXT_LINES = 3;
/** Most removed plus added lines matched line by line; Myers' diff takes time in proportion. */
export const MAX_EDIT_LENGTH = 1_000;

const line = (op: ' ' | '-' | '+', text: string) => `${op} ${text}`;

export function lineDiff(oldText: string, newText: string): string[] {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  // Both given a final newline: the diff package then sees the same lines as split() and adds
  // no "\ No newline at end of file" markers.
  const patch = structuredPatch('', '', `${oldText}\n`, `${newText}\n`, undefined, undefined, { context: CONTEXT_LINES, maxEditLength: MAX_EDIT_LENGTH });
  if (!patch) return [...a.map((l) => line('-', l)), ...b.map((l) => line('+', l))];
  const lines = (hunk: (typeof patch.hunks)[number]) => hunk.lines.map((l) => `${l[0]} ${l.slice(1)}`);
  const [only] = patch.hunks;
  if (!only) return a.map((l) => line(' ', l));
  // Nothing left out: the whole value, without line numbers.
  if (patch.hunks.length === 1 && only.oldLines === a.length && only.newLines === b.length) return lines(only);
  return patch.hunks.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...lines(h)]);
}
