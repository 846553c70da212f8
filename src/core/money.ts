/** Money is an integer amount in minor units (cents, kopecks) plus an ISO 4217 currency code. */
export type Money = { amount: number; currency: string };

/** Decimal places of a currency's minor unit (USD 2, JPY 0, …). */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

export function isKnownCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    return Intl.supportedValuesOf('currency').includes(code);
  } catch {
    return true;
  }
}

const SYMBOLS: Record<string, string> = {
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '₽': 'RUB',
  '¥': 'JPY',
  '₸': 'KZT',
};
/** The multipliers every language writes the same way: 25k, 1.2m. */
const SI: Record<string, number> = { k: 1e3, m: 1e6 };

/**
 * The words a language writes amounts with, beyond digits, symbols, ISO codes and k/m: its own
 * multipliers ("thousand" → 1000) and currency words ("rouble" → RUB). The chat layer owns them
 * (in every language's word tables); the core reads only what is the same in every language.
 */
export type AmountWords = { multipliers: Record<string, number>; currencies: Record<string, string> };

const NEUTRAL: AmountWords = { multipliers: {}, currencies: {} };
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const longestFirst = (words: string[]) => [...words].sort((a, b) => b.length - a.length).map(escapeRegExp);

/**
 * Parses what people type for an amount: "25000", "25 000", "25,000.50", "25k", "1.2m", "$25k",
 * "25000 EUR", and with `words` an amount in a language's words. Returns null when it is not an
 * amount.
 */
export function parseMoney(text: string, defaultCurrency: string, words: AmountWords = NEUTRAL): Money | null {
  const multipliers: Record<string, number> = { ...SI, ...words.multipliers };
  let s = text.trim().replace(/\u00a0/g, ' ');
  let currency: string | undefined;
  for (const [sym, code] of Object.entries(SYMBOLS)) {
    if (s.includes(sym)) {
      currency = code;
      s = s.replace(sym, ' ');
    }
  }
  const code = /\b([A-Za-z]{3})\b/.exec(s);
  if (code?.[1] && !Object.hasOwn(multipliers, code[1].toLowerCase())) {
    currency = code[1].toUpperCase();
    s = s.replace(code[0], ' ');
  }
  const currencyWords = longestFirst(Object.keys(words.currencies));
  const named = currencyWords.length ? new RegExp(`\\b(${currencyWords.join('|')})\\.?`, 'i').exec(s) : null;
  if (named) {
    currency = words.currencies[named[1]!.toLowerCase()] ?? currency;
    s = s.replace(named[0], ' ');
  }
  s = s.trim();
  const m = new RegExp(
    `^(\\d{1,3}(?:[ ,]\\d{3})+|\\d+)(?:[.,](\\d+))?\\s*(${longestFirst(Object.keys(multipliers)).join('|')})?$`,
    'i',
  ).exec(s);
  if (!m) return null;
  const whole = (m[1] ?? '').replace(/[ ,]/g, '');
  const frac = m[2] ?? '';
  let value = Number(`${whole}.${frac || '0'}`);
  const suffix = m[3]?.toLowerCase();
  if (suffix) value *= multipliers[suffix] ?? 1;
  const cur = currency ?? defaultCurrency;
  if (!isKnownCurrency(cur) || !Number.isFinite(value) || value < 0) return null;
  const amount = Math.round(value * 10 ** minorDigits(cur));
  if (!Number.isSafeInteger(amount)) return null;
  return { amount, currency: cur };
}

/** "$25,000.00" / "25 000,00 ₽" in the reader's locale. */
export function formatMoney(m: Money, locale: string): string {
  const digits = minorDigits(m.currency);
  const value = m.amount / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: m.currency,
      maximumFractionDigits: value % 1 === 0 ? 0 : digits,
    }).format(value);
  } catch {
    return `${value} ${m.currency}`;
  }
}
