// Names of generated resources: DNS-1123 labels of at most 63 characters, truncated with a
// short hash when too long, never colliding with each other or with the user's resources.

import { sha256 as sha256Bytes } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { DASHBOARD_UID_MAX, DASHBOARD_UID_PREFIX, MAX_NAME_LENGTH } from '../conventions/index.js';

/**
 * Hex SHA-256 of the parts one after another, text as UTF-8 bytes (computing a hash is no I/O:
 * the core stays pure).
 * @noble/hashes, not node:crypto: node:crypto loads 16 of Node's internal modules (ciphers, keys,
 * webcrypto) for one hash per context, 6.6 ms of fn's 180 ms start on one context; in exchange
 * hashing in JavaScript costs 3.5% of the CPU time of fn on 1,000 contexts (docs/performance.md).
 */
export function sha256(...parts: ReadonlyArray<string | Uint8Array>): string {
  const hash = sha256Bytes.create();
  for (const part of parts) hash.update(typeof part === 'string' ? utf8ToBytes(part) : part);
  return bytesToHex(hash.digest());
}

export function shortHash(text: string, length = 8): string {
  return sha256(text).slice(0, length);
}

/** Lower-case DNS-1123 label from arbitrary text. */
export function dnsLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `base-suffix`, shortened to `max` with a hash of the full name when longer. */
export function fitName(parts: readonly string[], max = MAX_NAME_LENGTH): string {
  const full = dnsLabel(parts.filter(Boolean).join('-')) || 'contextcore';
  if (full.length <= max) return full;
  const hash = shortHash(full, 8);
  return `${full.slice(0, max - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/**
 * Hands out names per kind and namespace. A name taken by a user's resource, or already handed
 * out for another source, gets a hash of the source appended, so the result depends only on
 * the input, never on luck.
 */
export class NameAllocator {
  private readonly taken = new Map<string, string>();

  constructor(userKeys: Iterable<string>) {
    for (const key of userKeys) this.taken.set(key, '\u0000user');
  }

  allocate(kind: string, namespace: string, parts: readonly string[], source: string): string {
    let name = fitName(parts);
    const key = (n: string) => `${kind}/${namespace}/${n}`;
    const owner = this.taken.get(key(name));
    if (owner !== undefined && owner !== source) {
      name = fitName([...parts, shortHash(source, 6)]);
    }
    this.taken.set(key(name), source);
    return name;
  }
}

/** A uid ending like this carries a hash; a readable uid never does. */
const HASH_SUFFIX = /-[0-9a-f]{8}$/;

/**
 * Grafana dashboard uid, at most DASHBOARD_UID_MAX characters and distinct for distinct
 * contexts. `cc-<namespace>-<name>` when that text can only come from this context: the
 * namespace has no `-` (so the first `-` after the prefix splits it from the name), the name is
 * already a lower-case DNS label (no `.` folded into `-`), it fits, and it does not end like a
 * hash. Otherwise the flattened text, shortened to fit, plus `-` and a hash of `<ns>/<name>`
 * (`/` occurs in neither part). Example: team-a/billing and team/a-billing both flatten to
 * `team-a-billing`; the first gets a hash.
 */
export function dashboardUid(namespace: string, name: string): string {
  const readable = `${DASHBOARD_UID_PREFIX}${namespace}-${name}`;
  const unambiguous = /^[a-z0-9]+$/.test(namespace) && name !== '' && dnsLabel(name) === name && !HASH_SUFFIX.test(readable);
  if (unambiguous && readable.length <= DASHBOARD_UID_MAX) return readable;
  const hash = shortHash(`${namespace}/${name}`, 8);
  const flat = `${DASHBOARD_UID_PREFIX}${dnsLabel(`${namespace}-${name}`)}`;
  return `${flat.slice(0, DASHBOARD_UID_MAX - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}
