/**
 * Every secret, and every 8-character piece of one that holds at least two characters of its
 * random part (what follows its last `-`): V8 quotes about ten characters around a JSON syntax
 * error, so a partial echo counts as a leak too.
 */
export function secretNeedles(secrets: readonly string[]): string[] {
  return secrets.flatMap((value) => {
    const randomStart = value.lastIndexOf('-') + 1;
    const pieces: string[] = [];
    for (let start = 0; start + 8 <= value.length; start += 1) {
      if (start + 8 - Math.max(start, randomStart) >= 2) pieces.push(value.slice(start, start + 8));
    }
    return [value, ...pieces];
  });
}
