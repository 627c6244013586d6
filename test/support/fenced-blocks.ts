// The fenced code blocks of a Markdown page, for tests that run what a page tells a reader to
// run. A block's info string is its language and then words: `key=value` or a bare `flag`
// (```sh step=crds, ```yaml file=app.yaml, ```text output); GitHub highlights by the first word
// and ignores the rest.

export interface FencedBlock {
  lang: string;
  /** The words after the language: key=value pairs, and bare words as `true`. */
  info: Record<string, string | true>;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
}

export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  for (const m of markdown.matchAll(/^```(\S*)([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm)) {
    const info: Record<string, string | true> = {};
    for (const word of m[2]!.trim().split(/\s+/).filter(Boolean)) {
      const eq = word.indexOf('=');
      if (eq < 0) info[word] = true;
      else info[word.slice(0, eq)] = word.slice(eq + 1);
    }
    blocks.push({ lang: m[1]!, info, body: m[3]!, line: markdown.slice(0, m.index).split('\n').length });
  }
  return blocks;
}

/**
 * Whether `actual` holds the lines of `expected` in order (other lines may come between), where
 * a run of white space matches any run of white space and `…` any text on its line.
 */
export function holdsLines(actual: string, expected: string): boolean {
  const patterns = expected
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => new RegExp(`^${l.trim().split(/\s+/).map((w) => w.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')).join('\\s+')}$`));
  const lines = actual.split('\n').map((l) => l.trim());
  let at = 0;
  for (const p of patterns) {
    while (at < lines.length && !p.test(lines[at]!)) at++;
    if (at++ >= lines.length) return false;
  }
  return true;
}
