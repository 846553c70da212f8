import { WORDS } from '../i18n/locales.js';

/** "Mon-Fri 09:00-18:00", "1-5 9:00-17:30", or short day names in any language (the `weekdays` tables). */
export function parseHours(words: string[]): { days: number[]; start: string; end: string } | null {
  const txt = words.join(' ').toLowerCase();
  const m = /^([\p{L}0-9]{1,3})\s*-\s*([\p{L}0-9]{1,3})\s+(\d{1,2}):?(\d{2})\s*-\s*(\d{1,2}):?(\d{2})$/u.exec(
    txt,
  );
  if (!m) return null;
  const d = (x: string) =>
    Object.hasOwn(WORDS.weekdays, x) ? WORDS.weekdays[x]! : /^[1-7]$/.test(x) ? +x : NaN;
  const a = d(m[1]!);
  const b = d(m[2]!);
  if (!(a >= 1 && b >= a && b <= 7)) return null;
  const pad = (h: string, mm: string) => `${h.padStart(2, '0')}:${mm}`;
  return {
    days: Array.from({ length: b - a + 1 }, (_, i) => a + i),
    start: pad(m[3]!, m[4]!),
    end: pad(m[5]!, m[6]!),
  };
}
