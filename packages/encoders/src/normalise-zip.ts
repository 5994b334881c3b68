import { normaliseText } from './normalise-text.js';

/**
 * Normalises a zip (postal) code: trim, remove all white space, lowercase. Other characters, such
 * as the hyphen of a ZIP+4 code, are kept.
 *
 * @example normaliseZip(' 12345-6789 ') // '12345-6789'
 */
export function normaliseZip(value: string): string {
  return normaliseText(value);
}
