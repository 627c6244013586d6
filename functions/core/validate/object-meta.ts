// The metadata of a ProjectContext, checked as the API server checks every object's (the CRD's
// schema says only `type: object` there): name, namespace, labels, annotations, finalizers, and
// no field ObjectMeta does not have. Limits and patterns: tables/object-meta-limits.ts.

import {
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  EXCLUSIVE_FINALIZERS,
  LABEL_VALUE,
  OBJECT_META_FIELDS,
  QUALIFIED_NAME,
  TOTAL_ANNOTATION_SIZE,
} from '../tables/object-meta-limits.js';
import { toFieldPath } from './schema.js';

export interface MetaProblem {
  path: string;
  message: string;
}

const utf8 = new TextEncoder();
const fits = (value: string, rule: { maxLength: number; pattern: RegExp }) => value.length <= rule.maxLength && rule.pattern.test(value);
const pathOf = (...keys: string[]) => toFieldPath(`/${['metadata', ...keys].map((k) => k.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`);

/** Why `key` is not a qualified name (`[prefix/]name`), or undefined. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'must be a name with at most one "/" (an optional DNS subdomain prefix, then a name)';
  const name = parts.at(-1)!;
  if (parts.length === 2 && !fits(parts[0]!, DNS1123_SUBDOMAIN))
    return `has a prefix that is not a lower-case DNS-1123 subdomain of at most ${DNS1123_SUBDOMAIN.maxLength} characters`;
  if (!fits(name, QUALIFIED_NAME))
    return `must be at most ${QUALIFIED_NAME.maxLength} characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit${parts.length === 2 ? ' after the prefix' : ''}`;
  return undefined;
}

/** A map of string values (labels, annotations), or the problem with its shape. */
function stringMap(value: unknown, field: string, problems: MetaProblem[]): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ path: pathOf(field), message: 'must be a map of strings' });
    return undefined;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [k, v] of entries) if (typeof v !== 'string') problems.push({ path: pathOf(field, k), message: `must be a string, not ${v === null ? 'null' : typeof v}; quote it` });
  return Object.fromEntries(entries.filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

export function objectMetaProblems(metadata: unknown): MetaProblem[] {
  if (metadata === undefined) return [{ path: 'metadata', message: 'required field is missing' }];
  // Present but not a map (null included): the schema says what it is instead ("must be an object, not a string").
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return [];
  const md = metadata as Record<string, unknown>;
  const problems: MetaProblem[] = [];
  for (const key of Object.keys(md)) if (!OBJECT_META_FIELDS.includes(key)) problems.push({ path: pathOf(key), message: `unknown field "${key}"` });

  if (md.name === undefined || md.name === null || md.name === '') problems.push({ path: 'metadata.name', message: 'required field is missing' });
  else if (typeof md.name !== 'string') problems.push({ path: 'metadata.name', message: `must be a string, not ${JSON.stringify(md.name)}` });
  else if (!fits(md.name, DNS1123_SUBDOMAIN))
    problems.push({ path: 'metadata.name', message: `${JSON.stringify(md.name)} is not a valid name (lower-case DNS-1123 subdomain, at most ${DNS1123_SUBDOMAIN.maxLength} characters)` });
  if (md.namespace !== undefined && (typeof md.namespace !== 'string' || !fits(md.namespace, DNS1123_LABEL)))
    problems.push({ path: 'metadata.namespace', message: `${JSON.stringify(md.namespace)} is not a valid namespace (lower-case DNS-1123 label, at most ${DNS1123_LABEL.maxLength} characters)` });

  const labels = stringMap(md.labels, 'labels', problems);
  for (const [k, v] of Object.entries(labels ?? {})) {
    const keyProblem = qualifiedNameProblem(k);
    if (keyProblem) problems.push({ path: pathOf('labels', k), message: `label key ${JSON.stringify(k)} ${keyProblem}` });
    if (!fits(v, LABEL_VALUE))
      problems.push({ path: pathOf('labels', k), message: `label value ${JSON.stringify(v)} must be at most ${LABEL_VALUE.maxLength} characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit` });
  }

  const annotations = stringMap(md.annotations, 'annotations', problems);
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    // The API server checks annotation keys lower-cased: upper-case letters are allowed.
    const keyProblem = qualifiedNameProblem(k.toLowerCase());
    if (keyProblem) problems.push({ path: pathOf('annotations', k), message: `annotation key ${JSON.stringify(k)} ${keyProblem}` });
    size += utf8.encode(k).length + utf8.encode(v).length; // bytes, as the API server counts
  }
  if (size > TOTAL_ANNOTATION_SIZE) problems.push({ path: 'metadata.annotations', message: `annotations take ${size} bytes; at most ${TOTAL_ANNOTATION_SIZE} are allowed` });

  const finalizers = md.finalizers;
  if (finalizers !== undefined) {
    if (!Array.isArray(finalizers)) problems.push({ path: 'metadata.finalizers', message: 'must be a list of strings' });
    else {
      finalizers.forEach((f: unknown, i) => {
        const problem = typeof f === 'string' ? qualifiedNameProblem(f) : 'must be a string';
        if (problem) problems.push({ path: `metadata.finalizers[${i}]`, message: typeof f === 'string' ? `finalizer ${JSON.stringify(f)} ${problem}` : problem });
      });
      if (EXCLUSIVE_FINALIZERS.every((f) => finalizers.includes(f)))
        problems.push({ path: 'metadata.finalizers', message: `finalizers ${EXCLUSIVE_FINALIZERS.join(' and ')} cannot both be set` });
    }
  }
  return problems;
}
