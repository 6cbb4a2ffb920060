// Notes as people write them, for the compression figures and tests (issue 14):
// 100–200 characters of varied words, different for every index, the same on
// every run (a fixed linear congruential sequence, no Math.random).
const WORDS = [
  'reviewed',
  'the',
  'invoice',
  'module',
  'client',
  'call',
  'about',
  'Q3',
  'roadmap',
  'fixed',
  'timezone',
  'bug',
  'in',
  'export',
  'wrote',
  'tests',
  'for',
  'checkout',
  'flow',
  'meeting',
  'with',
  'design',
  'team',
  'deploy',
  'staging',
  'refactored',
  'onboarding',
  'emails',
  'pairing',
  'on',
  'search',
  'indexing',
  'customer',
  'support',
  'ticket',
  'migration',
  'Postgres',
  'dashboard',
  'charts',
  'accessibility',
  'audit',
  'sprint',
  'planning',
  'estimates',
  'API',
  'docs',
  'review',
];

/** The notes of entry `i`: 100 + (i mod 101) characters. */
export function realisticNotes(i: number): string {
  const length = 100 + (i % 101);
  let text = `#${i} `;
  let n = (i * 7919 + 17) % 2147483648;
  while (text.length < length) {
    n = (n * 1103515245 + 12345) % 2147483648;
    text += `${WORDS[(n >>> 8) % WORDS.length]} `;
  }
  return text.slice(0, length).trim();
}
