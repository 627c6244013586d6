// README.md is the front door and docs/ the manual: every link between them resolves (the file
// exists; an #anchor names a heading or an <a id> of that file, as GitHub slugs headings), every
// docs page is reachable from the README, and the README stays short.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers.js';

const README_MAX_LINES = 250;

const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

/** Markdown without fenced code blocks and code spans, where link syntax is only text. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

function links(text: string): string[] {
  return [...prose(text).matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
}

/** GitHub's heading ids: lower case, punctuation dropped (hyphens and underscores kept), spaces to hyphens, repeats numbered. */
function anchors(text: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of text.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = heading!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const [, id] of text.matchAll(/<a id="([^"]+)"/g)) out.add(id!);
  return out;
}

describe('documentation links', () => {
  for (const page of pages) {
    const text = readFileSync(join(ROOT, page), 'utf8');
    it(`every link of ${page} resolves`, () => {
      const broken: string[] = [];
      for (const link of links(text)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) {
          if (!/^https:\/\//.test(link)) broken.push(`${link}: only https links to other sites`);
          continue;
        }
        const [path, anchor] = link.split('#') as [string, string | undefined];
        const target = path === '' ? join(ROOT, page) : join(ROOT, dirname(page), decodeURIComponent(path));
        if (relative(ROOT, target).startsWith('..')) broken.push(`${link}: outside the repository`);
        else if (!existsSync(target)) broken.push(`${link}: no such file`);
        else if (anchor !== undefined) {
          if (!statSync(target).isFile() || !target.endsWith('.md')) broken.push(`${link}: an anchor into a file that is not markdown`);
          else if (!anchors(readFileSync(target, 'utf8')).has(anchor)) broken.push(`${link}: no heading with that anchor`);
        }
      }
      assert.deepEqual(broken, []);
    });
  }

  it('every docs page is linked from the README', () => {
    const linked = new Set(links(readFileSync(join(ROOT, 'README.md'), 'utf8')).map((l) => l.split('#')[0]));
    assert.deepEqual(pages.filter((p) => p !== 'README.md' && !linked.has(p)), []);
  });

  it(`the README is a front door of at most ${README_MAX_LINES} lines`, () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length;
    assert.ok(lines <= README_MAX_LINES, `README.md has ${lines} lines; move reference material into docs/`);
  });

  it('the anchor rule follows GitHub (a check of the checker)', () => {
    assert.deepEqual([...anchors('# Configuration (`ProjectContextExpander`)\n## Kustomize and kpt\n## Kustomize and kpt\n<a id="x-y"></a>')], ['configuration-projectcontextexpander', 'kustomize-and-kpt', 'kustomize-and-kpt-1', 'x-y']);
    assert.deepEqual(links('see [a](b.md#c) and `[d](e.md)`\n```\n[f](g.md)\n```\n'), ['b.md#c']);
  });
});
