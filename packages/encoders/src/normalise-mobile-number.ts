/**
 * Normalises a mobile number: keeps the ASCII digits `0`–`9` only; an 11-digit number that starts
 * with `1` (the North American country code) loses that `1`.
 *
 * @example normaliseMobileNumber('+1 (555) 123-4567') // '5551234567'
 */
export function normaliseMobileNumber(value: string): string {
  const digits = keepDigits(value);
  return digits.length === 11 && digits.charCodeAt(0) === 0x31 ? digits.slice(1) : digits;
}

/** The ASCII digits of `value`, in order; `value` itself when it holds nothing else. */
function keepDigits(value: string): string {
  const length = value.length;
  let index = 0;
  while (index < length && isDigitCode(value.charCodeAt(index))) index++;
  if (index === length) return value;
  let result = value.slice(0, index);
  for (index++; index < length; index++) {
    const code = value.charCodeAt(index);
    if (isDigitCode(code)) result += value[index];
  }
  return result;
}

function isDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}
