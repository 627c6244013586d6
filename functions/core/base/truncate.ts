// Shortening text for a message without cutting a character in half: a cut between the halves
// of a surrogate pair (an emoji, say) leaves a lone surrogate, which has no UTF-8 form and which
// the YAML writer refuses (yaml/emit.ts).

/** `text` if it has at most `max` UTF-16 units, else its start and `ellipsis` in `max` units or one fewer. */
export function truncate(text: string, max: number, ellipsis: string): string {
  if (text.length <= max) return text;
  let end = max - ellipsis.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}${ellipsis}`;
}
