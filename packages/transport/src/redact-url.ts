/**
 * A URL safe to log or put in an error: no user name or password, and every query value replaced
 * by `redacted` (query strings may carry keys or tokens). Returns the input unchanged if it does
 * not parse as a URL.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.split('?')[0] ?? url;
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  const names = [...new Set(parsed.searchParams.keys())];
  for (const name of names) parsed.searchParams.set(name, 'redacted');
  return parsed.toString();
}
