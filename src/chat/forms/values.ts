import { IANAZone } from 'luxon';
import { validationError, type FieldIssue } from '../../core/errors.js';
import { isKnownCurrency, parseMoney, type Money } from '../../core/money.js';
import { WORDS } from '../i18n/locales.js';
import type { Session } from '../interactions/session.js';
import { parseDate, parseDuration, parseTime, wallClock } from '../parsers/when-syntax.js';
import type { FormValues } from './form.js';
import { one } from './spec.js';

/** A slot from date/time/duration/zone fields, or field issues. */
export function slotFromValues(
  s: Session,
  v: FormValues,
): { startsAt: Date; durationMin: number; timezone: string } {
  const issues: FieldIssue[] = [];
  const timezone = one(v.timezone) || s.person.timezone;
  if (!IANAZone.isValidZone(timezone))
    issues.push({ field: 'timezone', code: 'invalid_timezone', message: '' });
  const zone = IANAZone.isValidZone(timezone) ? timezone : s.person.timezone;
  const date = parseDate(one(v.date), zone, s.ctx.now);
  if (!date) issues.push({ field: 'date', code: 'invalid_date', message: '' });
  const minutes = parseTime(one(v.time));
  if (minutes === null) issues.push({ field: 'time', code: 'invalid_time', message: '' });
  const durationMin = parseDuration(one(v.durationMin) || '30');
  if (durationMin === null) issues.push({ field: 'durationMin', code: 'invalid_duration', message: '' });
  if (issues.length) throw validationError(issues);
  const at = wallClock(date!, minutes!);
  if ('gap' in at) {
    const { typed, date: day, suggestion } = at.gap;
    throw validationError([
      { field: 'time', code: 'dst_gap', message: 'falls in a daylight-saving gap', params: { value: typed, date: day, suggestion } },
    ]);
  }
  return { startsAt: at.at, durationMin: durationMin!, timezone: zone };
}

/** The field ids a slot is read from. */
export const SLOT_FIELDS = ['date', 'time', 'durationMin', 'timezone'];

/** One slot field checked on its own: the others filled with sample values. */
export const slotSample = (s: Session, field: string, value: string): FormValues => ({
  date: 'tomorrow',
  time: '10:00',
  durationMin: '30',
  timezone: s.person.timezone,
  [field]: value,
});

/** An amount (typed in any language's words) in the form's currency, or field issues. */
export function moneyFrom(v: FormValues, amountField: string, fallbackCurrency: string): Money {
  const currency = (one(v.currency) || fallbackCurrency).toUpperCase();
  const issues: FieldIssue[] = [];
  if (!isKnownCurrency(currency)) issues.push({ field: 'currency', code: 'invalid_currency', message: '' });
  const m = parseMoney(one(v[amountField]), isKnownCurrency(currency) ? currency : fallbackCurrency, WORDS.amount);
  if (!m || m.amount <= 0) issues.push({ field: amountField, code: 'invalid_amount', message: '' });
  if (issues.length) throw validationError(issues);
  return { amount: m!.amount, currency: isKnownCurrency(currency) ? currency : m!.currency };
}

/** A contract term in months (1–120); absent when optional and left empty. */
export function termFrom(v: FormValues, required: boolean): number | undefined {
  const raw = one(v.termMonths);
  if (!raw && !required) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 120)
    throw validationError([{ field: 'termMonths', code: 'invalid_term', message: '' }]);
  return n;
}

/** A money, currency or term answer checked on its own (the won and renewal forms share them). */
export function moneyCheck(
  s: Session,
  field: string,
  value: string,
): { run: () => unknown } | null {
  if (['amount', 'added', 'currency'].includes(field)) {
    const base: FormValues = { amount: '1', added: '1', currency: s.team.currency, [field]: value };
    return { run: () => moneyFrom(base, field === 'added' ? 'added' : 'amount', s.team.currency) };
  }
  if (field === 'termMonths') return { run: () => termFrom({ termMonths: value }, true) };
  return null;
}
