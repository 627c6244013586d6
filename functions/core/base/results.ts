// Structured results (KRM Functions Specification v1 `results`): every user problem becomes
// one of these, collected before anything fails. Bugs are thrown, never turned into results.

import { compareText } from './canonical.js';
import type { KubeObject, Origin } from '../types/kube.js';

export type Severity = 'error' | 'warning' | 'info';

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface Result {
  message: string;
  severity: Severity;
  resourceRef?: ResourceRef;
  field?: { path: string };
  file?: { path: string; index?: number };
  tags?: Record<string, string>;
}

/** A user's mistake found while parsing input; front ends turn it into exit code 1. */
export class UserError extends Error {
  constructor(readonly results: Result[]) {
    super(results.map((r) => r.message).join('; '));
    this.name = 'UserError';
  }
}

export function refOf(obj: KubeObject): ResourceRef | undefined {
  if (!obj || typeof obj !== 'object') return undefined;
  const md = obj.metadata;
  const ref: ResourceRef = {
    apiVersion: typeof obj.apiVersion === 'string' ? obj.apiVersion : '',
    kind: typeof obj.kind === 'string' ? obj.kind : '',
    name: md && typeof md.name === 'string' ? md.name : '',
  };
  if (md && typeof md.namespace === 'string' && md.namespace) ref.namespace = md.namespace;
  return ref;
}

export interface ResultInit {
  resource?: KubeObject;
  origin?: Origin;
  field?: string;
}

export function result(severity: Severity, message: string, init: ResultInit = {}): Result {
  const r: Result = { message, severity };
  const ref = init.resource ? refOf(init.resource) : undefined;
  if (ref) r.resourceRef = ref;
  if (init.field) r.field = { path: init.field };
  if (init.origin) r.file = init.origin.index === undefined ? { path: init.origin.path } : { path: init.origin.path, index: init.origin.index };
  return r;
}

export const error = (message: string, init?: ResultInit) => result('error', message, init);
export const warning = (message: string, init?: ResultInit) => result('warning', message, init);
export const info = (message: string, init?: ResultInit) => result('info', message, init);

export const hasErrors = (results: readonly Result[]) => results.some((r) => r.severity === 'error');

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: by file, index, resource, field, then severity and message. */
export function sortResults(results: Result[]): Result[] {
  const key = (r: Result) =>
    [
      r.file?.path ?? '',
      String(r.file?.index ?? 0).padStart(6, '0'),
      r.resourceRef ? `${r.resourceRef.kind}/${r.resourceRef.namespace ?? ''}/${r.resourceRef.name}` : '',
      r.field?.path ?? '',
      SEVERITY_ORDER[r.severity],
      r.message,
    ].join('\u0000');
  return results
    .map((r) => ({ r, k: key(r) }))
    .sort((a, b) => compareText(a.k, b.k))
    .map((x) => x.r);
}

/** One line per result for stderr: `file[#index]: Kind ns/name: field: message`. */
export function formatResult(r: Result): string {
  const parts: string[] = [];
  if (r.file) parts.push(r.file.index ? `${r.file.path}#${r.file.index}` : r.file.path);
  if (r.resourceRef && (r.resourceRef.kind || r.resourceRef.name)) {
    const ns = r.resourceRef.namespace ? `${r.resourceRef.namespace}/` : '';
    parts.push(`${r.resourceRef.kind || 'resource'} ${ns}${r.resourceRef.name || '(unnamed)'}`);
  }
  if (r.field) parts.push(r.field.path);
  parts.push(r.message);
  return `${r.severity}: ${parts.join(': ')}`;
}
