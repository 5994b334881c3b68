import type { Member } from '../store/index.js';

const firstNames = ['Ava', 'Liam', 'Mia', 'Noah', 'Zoe', 'Ethan', 'Lena', 'Omar', 'Priya', 'Kenji'];
const lastNames = [
  'Smith',
  'Garcia',
  'Chen',
  'Okafor',
  'Müller',
  'Rossi',
  'Nguyen',
  'Haddad',
  'Kowalski',
  'Silva',
];
const tiers = ['gold', 'silver', 'bronze'];
const categories = ['shoes', 'outdoor', 'electronics', 'books', 'home'];

/**
 * `count` made-up shoppers: mpid, email, mobile number, `$firstname`, `$lastname`, `$zip` and two
 * custom attributes (`loyaltyTier`, and the list `favoriteCategories`). Deterministic.
 */
export function sampleMembers(count = 50): Member[] {
  return Array.from({ length: count }, (_, index) => {
    const first = firstNames[index % firstNames.length]!;
    const last = lastNames[Math.floor(index / firstNames.length) % lastNames.length]!;
    const number = String(index + 1).padStart(2, '0');
    return {
      mpid: String(7_300_000_000 + index + 1),
      email: `${first}.${last}${number}@Example.com`,
      mobile: `+1 (555) 010-${String(1000 + index).slice(-4)}`,
      attributes: {
        $firstname: first,
        $lastname: last,
        $zip: String(10_001 + index * 37).padStart(5, '0'),
        loyaltyTier: tiers[index % tiers.length]!,
        favoriteCategories: [
          categories[index % categories.length]!,
          categories[(index + 2) % categories.length]!,
        ],
      },
    };
  });
}
