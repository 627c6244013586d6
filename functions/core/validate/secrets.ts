// Finds values that look like credentials anywhere in a resource. Messages never repeat the
// value: an error message is also public.

import { compareText } from '../base/canonical.js';
import { SECRET_KEY_PATTERN, SECRET_QUERY_PARAMS, SECRET_VALUE_PATTERNS } from '../tables/secret-patterns.js';

export interface SecretFinding {
  path: string;
  message: string;
}

function urlCredential(value: string): string | undefined {
  const m = /\b([a-z][a-z0-9+.-]*):\/\/[^\s/]*/i.exec(value);
  if (!m) return undefined;
  let url: URL;
  try {
    url = new URL(value.slice(m.index).split(/\s/)[0]!);
  } catch {
    return /:\/\/[^/\s]*:[^/\s]*@/.test(value) ? 'a URL with a user and password' : undefined;
  }
  if (url.password) return 'a URL with a user and password';
  if (url.username) return 'a URL with a user name (credentials do not belong in a URL)';
  for (const key of url.searchParams.keys()) {
    if (SECRET_QUERY_PARAMS.test(key)) return `a URL with a credential query parameter "${key}"`;
  }
  return undefined;
}

/** Shorter than any credential pattern can match (the shortest, a URL with a password, is 8). */
const SHORTEST_SECRET = 8;

export function secretIn(value: string): string | undefined {
  // Most values are short identifiers; they cannot hold a credential.
  if (value.length < SHORTEST_SECRET) return undefined;
  if (value.includes('://') || value.includes('@')) {
    const url = urlCredential(value);
    if (url) return url;
  }
  for (const { name, pattern } of SECRET_VALUE_PATTERNS) if (pattern.test(value)) return name;
  return undefined;
}

const childPath = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;

/**
 * Scans every string in `value`. `freeKeyPaths` are maps whose keys the user chooses
 * (annotations, labels): a key that names a secret is refused there too.
 */
export function findSecrets(value: unknown, freeKeyPaths: readonly string[] = [], path = ''): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const stack: Array<[unknown, string]> = [[value, path]];
  while (stack.length) {
    const [v, p] = stack.pop()!;
    if (typeof v === 'string') {
      const what = secretIn(v);
      if (what) findings.push({ path: p, message: `looks like ${what}; secrets must not be put in a ProjectContext or its configuration (value not shown)` });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, childPath(p, i)]));
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const cp = childPath(p, k);
        if (freeKeyPaths.includes(p) && SECRET_KEY_PATTERN.test(k)) {
          findings.push({ path: cp, message: `key "${k}" names a secret; secrets must not be put in a ProjectContext or its configuration` });
        }
        stack.push([child, cp]);
      }
    }
  }
  return findings.sort((a, b) => compareText(a.path, b.path));
}
