/**
 * Parses an HTTP `Retry-After` header into a delay in milliseconds.
 *
 * Accepts delta seconds (`"120"`; decimals such as `"0.5"` are tolerated) and HTTP dates
 * (`"Wed, 21 Oct 2015 07:28:00 GMT"`). A date in the past gives `0`. Anything else (missing, empty,
 * negative, unparseable) gives `undefined`.
 *
 * @param value The header value.
 * @param now The current time in epoch milliseconds, for HTTP dates (defaults to `Date.now()`).
 * @returns The delay in milliseconds, or `undefined` when the header says nothing usable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000);
  }
  // An HTTP date always names a weekday or month, so a bare number (handled above) or a signed
  // number never reaches Date.parse, which would read "-1" as a year.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
