import type { LeadInput } from '../../core/leads/lead-input.js';
import { isEmail, isPhone } from '../../core/leads/normalize.js';
import { parseMoney } from '../../core/money.js';
import { hasKey, t } from '../i18n/i18n.js';

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
    const key = kv ? own(KEYS, kv[1]!.trim().toLowerCase()) : undefined;
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
    else if (parseMoney(part, currency) || AMOUNT_TRY.test(part)) input.value = part;
    else notes.push(part);
  }
  if (notes.length) input.notes = [input.notes, ...notes].filter(Boolean).join('\n');
  return input;
}

type Key =
  | 'domain'
  | 'email'
  | 'phone'
  | 'source'
  | 'value'
  | 'notes'
  | 'title'
  | 'bant'
  | 'contact'
  | 'company'
  | 'currency';

const KEYS: Record<string, Key> = {
  site: 'domain',
  web: 'domain',
  website: 'domain',
  domain: 'domain',
  сайт: 'domain',
  домен: 'domain',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  почта: 'email',
  phone: 'phone',
  tel: 'phone',
  телефон: 'phone',
  тел: 'phone',
  source: 'source',
  src: 'source',
  источник: 'source',
  value: 'value',
  amount: 'value',
  deal: 'value',
  сумма: 'value',
  бюджет: 'value',
  notes: 'notes',
  note: 'notes',
  заметка: 'notes',
  заметки: 'notes',
  комментарий: 'notes',
  title: 'title',
  role: 'title',
  должность: 'title',
  bant: 'bant',
  квалификация: 'bant',
  contact: 'contact',
  контакт: 'contact',
  company: 'company',
  компания: 'company',
  currency: 'currency',
  валюта: 'currency',
};

const SOURCE_IDS = ['cold_email', 'cold_call', 'inbound', 'referral', 'event', 'other'];

const SOURCE_ALIASES: Record<string, string> = {
  cold_email: 'cold_email',
  email_outreach: 'cold_email',
  холодное_письмо: 'cold_email',
  рассылка: 'cold_email',
  cold_call: 'cold_call',
  call: 'cold_call',
  холодный_звонок: 'cold_call',
  звонок: 'cold_call',
  inbound: 'inbound',
  входящий: 'inbound',
  заявка: 'inbound',
  referral: 'referral',
  рекомендация: 'referral',
  реферал: 'referral',
  event: 'event',
  мероприятие: 'event',
  выставка: 'event',
  конференция: 'event',
  other: 'other',
  другое: 'other',
};

/** Something meant as an email: one word with an "@" inside (not a leading @mention). */
const EMAIL_TRY = /^[^\s@]+@[^\s@]+$/;
/** Something meant as an amount: digits with an optional sign, currency, exponent or k/m suffix. */
const AMOUNT_TRY =
  /^[-+−]?\s*[$€£₽¥₸]?\s*[-+−]?\d[\d\s.,]*(?:e[-+]?\d+)?\s*(?:k|к|m|м|тыс\.?|млн|[a-z]{3}|руб\S*)?\s*[$€£₽¥₸]?$/i;

/**
 * The team source a part names: its id ("cold_email"), an alias, or its label in either language
 * ("входящая заявка", "cold call") — the words /help shows are the words we accept.
 */
function sourceOf(part: string, sources: readonly string[]): string | undefined {
  const p = norm(part);
  const alias = own(SOURCE_ALIASES, p);
  if (alias) return alias;
  for (const s of sources) {
    if (norm(s) === p) return s;
    for (const locale of ['en', 'ru'] as const)
      if (hasKey(locale, `source.${s}`) && norm(t(locale, `source.${s}`)) === p) return s;
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

function assign(input: LeadInput, key: Key, value: string, notes: string[]): void {
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
