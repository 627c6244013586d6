// URL fields: http(s) only, parseable. Credentials in URLs are reported by secrets.ts; these
// messages never repeat the value, which could itself hold one.

/** Whether a URL-or-identifier value is an http(s) URL (and so can be a link). */
export const isHttpUrl = (value: string | undefined): value is string => !!value && /^https?:\/\//i.test(value);

/**
 * Problem with a URL-or-identifier value, or undefined when fine. With `required`, the value
 * must be a URL; otherwise an identifier without a scheme is fine too.
 */
export function urlProblem(value: string, { required = false } = {}): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  if (!scheme) return required ? 'is not a URL; use an http:// or https:// URL' : undefined;
  if (!/^https?$/i.test(scheme)) return `uses the "${scheme.toLowerCase()}:" scheme; use an http:// or https:// URL`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL';
  }
  if (!url.hostname) return 'is a URL without a host';
  return undefined;
}
