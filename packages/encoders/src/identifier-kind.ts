/**
 * The kinds of personal identifier this package knows how to normalise:
 * `email`, `mobileNumber`, `firstName`, `lastName` and `zip`.
 */
export type IdentifierKind = 'email' | 'mobileNumber' | 'firstName' | 'lastName' | 'zip';

/** Words that describe each kind in messages (never the value itself, which is personal data). */
export const identifierLabels: Readonly<Record<IdentifierKind, string>> = {
  email: 'email address',
  mobileNumber: 'mobile number',
  firstName: 'first name',
  lastName: 'last name',
  zip: 'zip code',
};
