// Highlights: the subjects of a resource (subjects.ts) compared between base and head. A subject
// on one side only is added or removed with all its facts; on both sides, only the facts that
// differ are listed, with the changes that explain them (an objective behind a threshold).

import type { AttributeChange, Highlight } from './model.js';
import type { Subject } from './subjects.js';

function factChanges(base: Subject, head: Subject): AttributeChange[] {
  const names = [...new Set([...base.facts.map((f) => f.name), ...head.facts.map((f) => f.name)])];
  return names.flatMap((name) => {
    const old = base.facts.find((f) => f.name === name)?.value;
    const now = head.facts.find((f) => f.name === name)?.value;
    if (old === now) return [];
    const c: AttributeChange = { name };
    if (old !== undefined) c.old = old;
    if (now !== undefined) c.new = now;
    return [c];
  });
}

const factOf = (subjects: readonly Subject[], key: string, name: string) => subjects.find((s) => s.key === key)?.facts.find((f) => f.name === name)?.value;

/** Keys of both sides in one order: head's, with subjects only in base placed where base had them. */
function mergedKeys(base: readonly Subject[], head: readonly Subject[]): string[] {
  const headKeys = new Set(head.map((s) => s.key));
  const out: string[] = [];
  let b = 0;
  const flushBaseOnly = (until: number) => {
    for (; b < until; b++) if (!headKeys.has(base[b]!.key)) out.push(base[b]!.key);
  };
  for (const h of head) {
    const i = base.findIndex((s) => s.key === h.key);
    if (i >= 0) flushBaseOnly(i);
    out.push(h.key);
  }
  flushBaseOnly(base.length);
  return out;
}

export function highlights(base: readonly Subject[], head: readonly Subject[]): Highlight[] {
  const out: Highlight[] = [];
  for (const key of mergedKeys(base, head)) {
    const b = base.find((s) => s.key === key);
    const h = head.find((s) => s.key === key);
    if (!b || !h) {
      const [s, change] = b ? [b, 'removed' as const] : [h!, 'added' as const];
      const facts = s.facts.filter((f) => !f.changesOnly);
      if (facts.length) out.push({ subject: key, title: s.title, change, attributes: facts.map((f) => (b ? { name: f.name, old: f.value } : { name: f.name, new: f.value })) });
      continue;
    }
    const attributes = factChanges(b, h);
    if (!attributes.length) continue;
    const highlight: Highlight = { subject: key, title: h.title, change: 'changed', attributes };
    const because = (h.because ?? []).flatMap(([k, name]) => {
      const old = factOf(base, k, name);
      const now = factOf(head, k, name);
      return old !== now && old !== undefined && now !== undefined ? [{ name, old, new: now }] : [];
    });
    if (because.length) highlight.because = because;
    out.push(highlight);
  }
  return out;
}
