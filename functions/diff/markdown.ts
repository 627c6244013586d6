// The report as GitHub-flavoured markdown, for a pull-request comment: a summary table, then per
// resource what a reviewer cares about in words (a dashboard panel by panel), then its field
// changes (folded away, and cut short, when the words already say it: the JSON report has them
// all), then bookkeeping in one line. "No changes" is said plainly.

import { inlineCode, toYaml } from '../core/index.js';
import { lineDiff } from './line-diff.js';
import type { AttributeChange, DiffReport, FieldChange, Highlight, ObjectRef, ResourceDiff } from './model.js';

const cell = (text: string) => text.replace(/\|/g, '\\|');
const nsName = (r: ObjectRef) => (r.namespace ? `${r.namespace}/${r.name}` : r.name);
const refText = (r: ObjectRef) => `${r.kind} ${inlineCode(nsName(r))}`;

/** Short single-line values inline; anything else is a block. */
const INLINE_LIMIT = 120;

/** `asJson`: strings in quotes, for a change between a string and a number (`"4"` → `4`). */
function inline(v: unknown, asJson = false): string | undefined {
  const text = typeof v === 'string' && !asJson ? v : JSON.stringify(v);
  return text.includes('\n') || text.length > INLINE_LIMIT ? undefined : inlineCode(text);
}

function block(lang: string, lines: readonly string[], indent: string): string[] {
  const fence = lines.some((l) => l.includes('```')) ? '~~~~' : '```';
  return [`${indent}${fence}${lang}`, ...lines.map((l) => `${indent}${l}`), `${indent}${fence}`];
}

const valueLines = (v: unknown) => (typeof v === 'string' ? v : toYaml(v).replace(/\n$/, '')).split('\n');

function fieldLines(f: FieldChange): string[] {
  const path = inlineCode(f.path);
  if (f.op === 'replace') {
    const typeChange = typeof f.old !== typeof f.new;
    const [o, n] = [inline(f.old, typeChange), inline(f.new, typeChange)];
    if (o && n) return [`- ${path}: ${o} → ${n}`];
    if (typeof f.old === 'string' && typeof f.new === 'string') return [`- ${path}:`, ...block('diff', lineDiff(f.old, f.new), '  ')];
    return [`- ${path}:`, ...block('diff', [...valueLines(f.old).map((l) => `- ${l}`), ...valueLines(f.new).map((l) => `+ ${l}`)], '  ')];
  }
  const value = f.op === 'add' ? f.new : f.old;
  const words = f.op === 'add' ? 'added' : 'removed';
  const short = inline(value);
  return short ? [`- ${path} ${words}: ${short}`] : [`- ${path} ${words}:`, ...block(typeof value === 'string' ? '' : 'yaml', valueLines(value), '  ')];
}

const change = (a: AttributeChange) => `${inlineCode(a.old ?? '(none)')} → ${inlineCode(a.new ?? '(none)')}`;

function attributeText(a: AttributeChange, kind: Highlight['change']): string {
  if (kind === 'added') return `${a.name} ${inlineCode(a.new!)}`;
  if (kind === 'removed') return `${a.name} ${inlineCode(a.old!)}`;
  return `${a.name} ${change(a)}`;
}

/** A highlight whose changes fit this many characters reads on one line. */
const ONE_LINE = 240;

function highlightLines(h: Highlight): string[] {
  const because = h.because?.length ? ` (${h.because.map((b) => `${b.name} ${change(b)}`).join(', ')})` : '';
  const verb = h.change === 'changed' ? '' : ` ${h.change}`;
  const head = `- **${h.title}**${verb}${because}`;
  const attributes = h.attributes.map((a) => attributeText(a, h.change));
  const line = `${head}: ${attributes.join('; ')}`;
  if (attributes.length === 1 || (line.length <= ONE_LINE && attributes.every((a) => !a.includes('\n')))) return [line];
  return [`${head}:`, ...attributes.map((a) => `  - ${a}`)];
}

/**
 * Field changes listed under a resource's highlights, at most this many lines: the highlights
 * say what changed; the JSON report (--format json) has every field.
 */
const FIELD_LINES = 24;

function foldedFields(fields: readonly FieldChange[]): string[] {
  const out: string[] = [];
  let shown = 0;
  for (const f of fields) {
    const lines = fieldLines(f);
    if (out.length + lines.length > FIELD_LINES && shown > 0) break;
    out.push(...lines);
    shown++;
  }
  const rest = fields.length - shown;
  if (rest) out.push(`- and ${rest} more field change${rest === 1 ? '' : 's'}: \`contextcore diff --format json\` lists every one`);
  return out;
}

function resourceSection(r: ResourceDiff): string[] {
  if (!r.highlights.length && !r.fields.length) return [];
  const out = ['', `#### ${refText(r.resource)} — ${r.change}`, ''];
  out.push(...r.highlights.flatMap(highlightLines));
  if (!r.fields.length) return out;
  if (!r.highlights.length) return [...out, ...r.fields.flatMap(fieldLines)];
  const n = r.fields.length;
  return [...out, '', `<details><summary>${n} field change${n === 1 ? '' : 's'}</summary>`, '', ...foldedFields(r.fields), '', '</details>'];
}

const CHECKSUM = /^sha256:[0-9a-f]{64}$/;
const shortValue = (v: unknown) => (typeof v === 'string' && CHECKSUM.test(v) ? `${v.slice(0, 19)}…` : typeof v === 'string' ? v : JSON.stringify(v));

/** One line: checksum changes grouped by value, other bookkeeping by resource, bookkeeping-only resources named. */
function bookkeepingLine(report: DiffReport): string[] {
  const checksums = new Map<string, number>();
  const other: string[] = [];
  for (const r of report.resources) {
    let counted = false;
    for (const f of r.bookkeeping) {
      if (typeof f.old === 'string' && typeof f.new === 'string' && CHECKSUM.test(f.old) && CHECKSUM.test(f.new)) {
        const k = `${inlineCode(shortValue(f.old))} → ${inlineCode(shortValue(f.new))}`;
        if (!counted) checksums.set(k, (checksums.get(k) ?? 0) + 1);
        counted = true;
      } else other.push(`${inlineCode(f.path)} of ${refText(r.resource)}`);
    }
  }
  const parts = [...checksums].map(([k, n]) => `source checksum ${k} on ${n} resource${n === 1 ? '' : 's'}`);
  parts.push(...[...new Set(other)]);
  const only = report.resources.filter((r) => r.change === 'bookkeeping').map((r) => refText(r.resource));
  if (only.length) parts.push(`nothing else changed on ${only.join(', ')}`);
  return parts.length ? ['', `**Bookkeeping** (changes with every edit of a ProjectContext; not listed above): ${parts.join('; ')}.`] : [];
}

const HEADING = '### ContextCore: generated observability';

export function renderMarkdown(report: DiffReport): string {
  const c = report.counts;
  const out = [HEADING, '', `Base ${inlineCode(report.base)} → head ${inlineCode(report.head)}.`, ''];
  if (!report.changed) {
    out.push(`**No changes**: the ${c.unchanged} rendered resource${c.unchanged === 1 ? ' is' : 's are'} the same on both sides.`);
    return `${out.join('\n')}\n`;
  }
  out.push(`**${c.changed} changed, ${c.added} added, ${c.removed} removed**, ${c.bookkeeping} with bookkeeping changes only, ${c.unchanged} unchanged.`);
  const listed = report.resources.filter((r) => r.change !== 'bookkeeping');
  if (listed.length) {
    out.push('', '| resource | kind | target | change |', '|---|---|---|---|');
    for (const r of listed) {
      const target = r.target ? `${r.target.kind} ${inlineCode(nsName(r.target))}` : '—';
      out.push(`| ${cell(inlineCode(nsName(r.resource)))} | ${r.resource.kind} | ${cell(target)} | ${r.change} |`);
    }
  }
  out.push(...listed.flatMap(resourceSection), ...bookkeepingLine(report));
  return `${out.join('\n')}\n`;
}

/** `diff --git REF --affected`: a line naming the apps the change touches under the roots, then each app's report. */
export function renderAffectedMarkdown(roots: readonly string[], apps: ReadonlyArray<{ app: string; report: DiffReport }>): string {
  const where = roots.map(inlineCode).join(', ');
  if (!apps.length) return `${HEADING}\n\nNo app under ${where} is affected by this change.\n`;
  const names = apps.map((a) => `${inlineCode(a.app)}${a.report.changed ? '' : ' (no changes)'}`).join(', ');
  return [`**${apps.length} app${apps.length === 1 ? '' : 's'}** under ${where} affected by this change: ${names}.`, '', ...apps.map((a) => renderMarkdown(a.report))].join('\n');
}
