// Values from a ProjectContext in markdown (the dashboard's context panel, the diff's comment):
// each stays the one piece of text it is, whatever backticks, brackets or line breaks it holds.

/** Inline code that survives backticks in the value: a fence one backtick longer than any run in it. */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A link whose URL keeps to its parentheses: those in the URL (and angle brackets) percent-encoded, as a browser sends them. */
export const markdownLink = (label: string, url: string): string => `[${label}](${url.replace(/[()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;

/** Text on one line, without HTML: line breaks would end a list item or start a block; Grafana's markdown renders tags. */
export const markdownText = (text: string): string => text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
