/**
 * Merges header sets left to right into one with lower-case names (later sets win, whatever the
 * case of their names). `undefined` sets are skipped.
 */
export function mergeHeaders(
  ...sets: ReadonlyArray<Readonly<Record<string, string>> | undefined>
): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const set of sets) {
    if (!set) continue;
    for (const [name, value] of Object.entries(set)) merged[name.toLowerCase()] = value;
  }
  return merged;
}
