/** Money is an integer amount in minor units plus an ISO currency code (product.md). */
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
const SUFFIXES: Record<string, number> = { k: 1e3, к: 1e3, тыс: 1e3, m: 1e6, м: 1e6, млн: 1e6 };

/**
 * Parses what people type for an amount: "25000", "25 000", "25,000.50", "25k", "1.2m", "$25k",
 * "25000 EUR", "25 тыс ₽". Returns null when it is not an amount.
 */
export function parseMoney(text: string, defaultCurrency: string): Money | null {
  let s = text.trim().replace(/\u00a0/g, ' ');
  let currency: string | undefined;
  for (const [sym, code] of Object.entries(SYMBOLS)) {
    if (s.includes(sym)) {
      currency = code;
      s = s.replace(sym, ' ');
    }
  }
  const code = /\b([A-Za-z]{3})\b/.exec(s);
  if (code?.[1] && !/^(тыс|млн)$/i.test(code[1]) && !(code[1].toLowerCase() in SUFFIXES)) {
    currency = code[1].toUpperCase();
    s = s.replace(code[0], ' ');
  }
  if (/\bруб(лей|ля|ль)?\.?/i.test(s)) {
    currency = 'RUB';
    s = s.replace(/\bруб(лей|ля|ль)?\.?/i, ' ');
  }
  s = s.trim();
  const m = /^(\d{1,3}(?:[ ,]\d{3})+|\d+)(?:[.,](\d+))?\s*(k|к|тыс\.?|m|м|млн)?$/i.exec(s);
  if (!m) return null;
  const whole = (m[1] ?? '').replace(/[ ,]/g, '');
  const frac = m[2] ?? '';
  let value = Number(`${whole}.${frac || '0'}`);
  const suffix = m[3]?.toLowerCase().replace('.', '');
  if (suffix) value *= SUFFIXES[suffix] ?? 1;
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
