import type { IdentifierKind } from './identifier-kind.js';
import { normaliseMobileNumber } from './normalise-mobile-number.js';
import { normaliseText } from './normalise-text.js';

/**
 * Normalises a raw value by the rule of its kind: `normaliseMobileNumber` for mobile numbers,
 * trim + remove all white space + lowercase for everything else.
 */
export function normaliseIdentifier(kind: IdentifierKind, value: string): string {
  return kind === 'mobileNumber' ? normaliseMobileNumber(value) : normaliseText(value);
}
