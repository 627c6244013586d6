// Near misses: what is almost our input but not quite. A resource whose apiVersion or kind is a
// typo of ours would pass through a render untouched, and `validate` would call the input valid;
// an unknown field is most often a misspelt known one. Each gets the spelling it was probably
// meant to have.

import { CONFIG_API_VERSION, CONFIG_KIND, PROJECT_CONTEXT_API_VERSION, PROJECT_CONTEXT_KIND } from '../conventions/index.js';

/** Edits (insert, delete, substitute, swap two neighbours) between two words, case-insensitively. */
export function editDistance(a: string, b: string): number {
  const [s, t] = [a.toLowerCase(), b.toLowerCase()];
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[s.length]![t.length]!;
}

/** At most this many edits, and fewer than a third of the word, make a near miss. */
const isNear = (word: string, target: string) => {
  const distance = editDistance(word, target);
  return distance <= Math.min(2, Math.floor(target.length / 3));
};

/** The candidate a word was probably meant to be: the nearest within reach, if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (!isNear(word, candidate)) continue;
    const distance = editDistance(word, candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Our resources: apiVersion, its group, and kind. */
const OURS = [
  { apiVersion: PROJECT_CONTEXT_API_VERSION, kind: PROJECT_CONTEXT_KIND },
  { apiVersion: CONFIG_API_VERSION, kind: CONFIG_KIND },
].map((o) => ({ ...o, group: o.apiVersion.split('/')[0]! }));

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');
/** A group that is ours, or looks meant to be (contextcore/v1, contextcore.dev/v1, ContextCore.io/v1). */
const ourGroupLike = (group: string) => OURS.some((o) => o.group === group || isNear(group, o.group) || group.toLowerCase().split('.')[0] === o.group.split('.')[0]);

export interface NearMiss {
  field: 'apiVersion' | 'kind';
  message: string;
}

const KINDS_TEXT = OURS.map((o) => `${o.kind} (${o.apiVersion})`).join(' and ');

/**
 * What is wrong with a resource that is almost one of ours: our kind under another apiVersion, a
 * kind one typo away (or its plural) in a group that is or looks like ours, or a kind our group
 * does not have. Undefined for our resources as they should be, and for everybody else's.
 */
export function nearMiss(apiVersion: string, kind: string): NearMiss | undefined {
  if (OURS.some((o) => o.apiVersion === apiVersion && o.kind === kind)) return undefined;
  const sameKind = OURS.find((o) => o.kind === kind);
  if (sameKind) return { field: 'apiVersion', message: `a ${kind} is ${sameKind.apiVersion}, not ${apiVersion}: write apiVersion: ${sameKind.apiVersion}` };
  const group = groupOf(apiVersion);
  if (!ourGroupLike(group)) return undefined;
  const kinds = OURS.map((o) => o.kind);
  const meantKind = closest(kind, kinds) ?? (/s$/i.test(kind) ? closest(kind.slice(0, -1), kinds) : undefined);
  const meant = OURS.find((o) => o.kind === meantKind);
  if (meant) {
    const fix = meant.apiVersion === apiVersion ? `kind: ${meant.kind}` : `apiVersion: ${meant.apiVersion} and kind: ${meant.kind}`;
    return { field: 'kind', message: `${apiVersion} has no kind ${kind}; did you mean ${meant.kind}? Write ${fix}` };
  }
  if (OURS.some((o) => o.group === group)) return { field: 'kind', message: `${apiVersion} has no kind ${kind}; ContextCore's kinds are ${KINDS_TEXT}` };
  return undefined;
}
