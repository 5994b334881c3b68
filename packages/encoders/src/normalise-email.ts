import { normaliseText } from './normalise-text.js';

/**
 * Normalises an email address before it is sent or hashed: trim, remove all white space (any
 * Unicode white space, also inside the value), lowercase.
 *
 * @example normaliseEmail(' John.Doe@Example.COM ') // 'john.doe@example.com'
 */
export function normaliseEmail(value: string): string {
  return normaliseText(value);
}
