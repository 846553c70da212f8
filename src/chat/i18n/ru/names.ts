import { incline } from 'lvovich';

/**
 * Russian needs a person's name in the case the sentence asks for ("Передано Фёдору", "теперь у
 * Анны Петровой"). lvovich declines Russian first and last names by the rules of Russian
 * grammar (and leaves names it does not know, such as Latin ones, as they are): a small, MIT
 * library with no dependencies, which beats a table of endings of our own.
 */
const CASES = {
  gen: 'genitive',
  dat: 'dative',
  acc: 'accusative',
  ins: 'instrumental',
  pre: 'prepositional',
} as const;
export type NameCase = keyof typeof CASES;

export function isNameCase(s: string): s is NameCase {
  return s in CASES;
}

/** "Фёдор Смирнов" in the dative → "Фёдору Смирнову"; a name without Cyrillic stays as it is. */
export function declineName(name: string, grammaticalCase: NameCase): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (!words.length || !/[а-яё]/i.test(name)) return name;
  const [first, ...rest] = words;
  const out = incline({ first, ...(rest.length ? { last: rest.join(' ') } : {}) }, CASES[grammaticalCase]);
  return [out.first, out.last].filter(Boolean).join(' ') || name;
}
