import type { LeadInput } from '../../core/leads/lead-input.js';
import { isEmail, isPhone } from '../../core/leads/normalize.js';
import { isKnownCurrency, parseMoney } from '../../core/money.js';
import type { Locale } from '../../core/roster/team.js';
import { hasKey, t } from '../i18n/i18n.js';
import { PACKS, WORDS } from '../i18n/locales.js';
import type { LeadField } from '../i18n/words.js';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The `/lead` quick syntax, for speed: parts separated by `;` (or new lines).
 *
 *   /lead Acme Inc; Jane Doe, CTO; jane@acme.com; +1 555 0100; inbound; $25k; BANT; wants a demo
 *
 * The first part is the company, the second the contact ("name, title"). After that, parts are
 * recognised by their shape — an email, a phone, a lead source, an amount, a BANT flag string
 * (letters B, A, N, T for what is confirmed) — or given as `key: value` (`site: acme.com`,
 * `notes: …`, `value: 25000 EUR`, `source: referral`, Russian keys too). Anything else becomes
 * notes — except a part that is plainly a try at an email (`foo@bar`) or an amount (`$-5k`,
 * `1e9`): those go to their field, so the person is told what is wrong with them instead of
 * finding them in the notes. Nothing is decided here: the core validates every field.
 */
export function parseLeadSyntax(text: string, sources: readonly string[], currency: string): LeadInput {
  const parts = text
    .split(/[;\n]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const input: LeadInput = {};
  const notes: string[] = [];
  const [company, contact, ...rest] = parts;
  if (company) input.company = company;
  if (contact) {
    const [name, ...title] = contact.split(',');
    input.contactName = name?.trim();
    if (title.length) input.contactTitle = title.join(',').trim();
  }
  for (const part of rest) {
    const kv = /^([\p{L}_ ]{2,20})\s*[:=]\s*(.+)$/u.exec(part);
    const key = kv ? own(WORDS.leadFields, kv[1]!.trim().toLowerCase()) : undefined;
    if (kv && key) {
      assign(input, key, kv[2]!.trim(), notes);
      continue;
    }
    const source = sourceOf(part, sources);
    if (isEmail(part.toLowerCase()) || EMAIL_TRY.test(part)) input.email = part;
    else if (/^[+\d][\d\s().-]{5,}$/.test(part) && isPhone(part)) input.phone = part;
    else if (source) input.source = source;
    else if (/^(bant|[bant]{1,4}|-)$/i.test(part.replace(/[\s,]/g, '')))
      Object.assign(input, parseBant(part));
    else if (parseMoney(part, currency, WORDS.amount) || AMOUNT_TRY.test(part)) input.value = part;
    else notes.push(part);
  }
  if (notes.length) input.notes = [input.notes, ...notes].filter(Boolean).join('\n');
  return input;
}

/**
 * The typed amount read in every language's words, in the currency the core would read it in (a
 * known `currency:` part, else the team's): the core reads only digits, symbols, codes and k/m.
 * What cannot be read stays text, so the core says what is wrong with it.
 */
export function withAmount(input: LeadInput, teamCurrency: string): LeadInput {
  if (typeof input.value !== 'string' || !input.value) return input;
  const typed = input.currency?.toUpperCase();
  const m = parseMoney(input.value, typed && isKnownCurrency(typed) ? typed : teamCurrency, WORDS.amount);
  return m ? { ...input, value: m } : input;
}

const SOURCE_IDS = ['cold_email', 'cold_call', 'inbound', 'referral', 'event', 'other'];

/** Something meant as an email: one word with an "@" inside (not a leading @mention). */
const EMAIL_TRY = /^[^\s@]+@[^\s@]+$/;
/**
 * Something meant as an amount: digits with an optional sign, currency, exponent or multiplier
 * (k, m, and every language's `amount` words).
 */
const AMOUNT_TRY = new RegExp(
  `^[-+−]?\\s*[$€£₽¥₸]?\\s*[-+−]?\\d[\\d\\s.,]*(?:e[-+]?\\d+)?\\s*(?:${[
    'k',
    'm',
    ...Object.keys(WORDS.amount.multipliers).map(escapeRegExp),
    '[a-z]{3}',
    ...Object.keys(WORDS.amount.currencies).map((w) => `${escapeRegExp(w)}\\S*`),
  ].join('|')})?\\s*[$€£₽¥₸]?$`,
  'i',
);

/**
 * The team source a part names: its id ("cold_email"), another name of it in any language (the
 * `sources` tables), or its label in any language ("cold call") — the words /help shows are the
 * words we accept.
 */
function sourceOf(part: string, sources: readonly string[]): string | undefined {
  const p = norm(part);
  const alias = own(WORDS.sources, p);
  if (alias) return alias;
  for (const s of sources) {
    if (norm(s) === p) return s;
    const key = `source.${s}`;
    for (const locale of Object.keys(PACKS) as Locale[])
      if (hasKey(locale, key) && norm(t(locale, key)) === p) return s;
  }
  return undefined;
}

/** `table[key]` when the table itself has it: typed text like "__proto__" or "constructor" is no key. */
function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function norm(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function assign(input: LeadInput, key: LeadField, value: string, notes: string[]): void {
  switch (key) {
    case 'domain':
      input.domain = value;
      break;
    case 'email':
      input.email = value;
      break;
    case 'phone':
      input.phone = value;
      break;
    case 'source':
      input.source = sourceOf(value, SOURCE_IDS) ?? value;
      break;
    case 'value':
      input.value = value;
      break;
    case 'notes':
      notes.push(value);
      break;
    case 'title':
      input.contactTitle = value;
      break;
    case 'bant':
      Object.assign(input, parseBant(value));
      break;
    case 'contact':
      input.contactName = value;
      break;
    case 'company':
      input.company = value;
      break;
    case 'currency':
      input.currency = value;
      break;
  }
}

/** "BANT", "B N T", "bn", "-" → which of budget / authority / need / timing are confirmed. */
export function parseBant(s: string): Pick<LeadInput, 'budget' | 'authority' | 'need' | 'timing'> {
  const letters = s
    .toUpperCase()
    .replace(/^BANT$/, 'BANT')
    .replace(/[^BANT]/g, '');
  return {
    budget: letters.includes('B'),
    authority: letters.includes('A'),
    need: letters.includes('N'),
    timing: letters.includes('T'),
  };
}
