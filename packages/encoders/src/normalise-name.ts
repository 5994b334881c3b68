import { normaliseText } from './normalise-text.js';

/**
 * Normalises a first or last name: trim, remove all white space (also inside the name), lowercase.
 *
 * @example normaliseName(' Mary Ann ') // 'maryann'
 */
export function normaliseName(value: string): string {
  return normaliseText(value);
}
