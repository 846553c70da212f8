import { z } from 'zod';
import { validationError, type FieldIssue } from '../errors.js';
import { isKnownCurrency, parseMoney, type Money } from '../money.js';
import type { Team } from '../roster/team.js';
import type { LeadFields } from './lead.js';
import {
  companyDomainFromEmail,
  isEmail,
  isPhone,
  normalizeDomain,
  normalizeEmail,
  normalizePhone,
} from './normalize.js';

/**
 * A lead as typed into any surface (quick syntax, modal, dialog, CSV): loose strings and flags.
 * Validation turns it into {@link LeadFields} or a list of field issues.
 */
export type LeadInput = {
  company?: string;
  domain?: string;
  contactName?: string;
  contactTitle?: string;
  email?: string;
  phone?: string;
  source?: string;
  budget?: boolean;
  authority?: boolean;
  need?: boolean;
  timing?: boolean;
  /** Free text ("25k", "$25,000", "25 000 ₽") or an already structured amount. */
  value?: string | Money;
  currency?: string;
  notes?: string;
};

/** Issue codes, stable for translation. The English text is the default message. */
export const LEAD_ISSUE_TEXT: Record<string, string> = {
  required: 'is required',
  too_long: 'is too long',
  invalid_email: 'is not a valid email address',
  invalid_phone: 'is not a valid phone number (7 to 15 digits)',
  invalid_domain: 'is not a valid domain such as acme.com',
  contact_channel_required: 'give an email or a phone for the contact',
  unknown_source: 'is not one of the team’s lead sources',
  invalid_amount: 'is not an amount such as 25000, 25k or $25,000',
  invalid_currency: 'is not a 3-letter ISO currency code such as USD',
  not_text: 'must be text',
  not_flag: 'must be yes or no',
};

const text = (max: number) =>
  z
    .string({ message: 'not_text' })
    .trim()
    .max(max, { message: 'too_long' })
    .transform((s) => (s === '' ? undefined : s))
    .optional();

const flag = z.boolean({ message: 'not_flag' }).optional();

const shape = z.object({
  company: text(120),
  domain: text(253),
  contactName: text(120),
  contactTitle: text(120),
  email: text(254),
  phone: text(40),
  source: text(40),
  budget: flag,
  authority: flag,
  need: flag,
  timing: flag,
  value: z
    .union(
      [
        z.string({ message: 'invalid_amount' }).trim().max(40, { message: 'too_long' }),
        z.object({ amount: z.number().int().nonnegative(), currency: z.string() }),
      ],
      { message: 'invalid_amount' },
    )
    .optional(),
  currency: text(3),
  notes: text(2000),
});

const FIELD_OF: Record<string, string> = {
  company: 'company',
  domain: 'domain',
  contactName: 'contact.name',
  contactTitle: 'contact.title',
  email: 'contact.email',
  phone: 'contact.phone',
  source: 'source',
  value: 'value',
  currency: 'value',
  notes: 'notes',
  budget: 'qualification.budget',
  authority: 'qualification.authority',
  need: 'qualification.need',
  timing: 'qualification.timing',
};

/** `params.value` is what the person typed, so the message can name it ("foo@bar is not a valid email"). */
function issue(field: string, code: string, params?: Record<string, unknown>): FieldIssue {
  return { field, code, message: LEAD_ISSUE_TEXT[code] ?? code, ...(params ? { params } : {}) };
}

/**
 * Validates and normalises a lead: email lower-cased, phone to digits, company domain from the
 * domain field or a non-free-mail email. Throws VALIDATION_FAILED listing every bad field.
 */
export function validateLeadInput(raw: LeadInput, team: Pick<Team, 'leadSources' | 'currency'>): LeadFields {
  const parsed = shape.safeParse(raw);
  if (!parsed.success) {
    throw validationError(
      parsed.error.issues.map((i) => {
        const key = String(i.path[0] ?? 'lead');
        return issue(FIELD_OF[key] ?? key, i.message in LEAD_ISSUE_TEXT ? i.message : 'required');
      }),
    );
  }
  const v = parsed.data;
  const issues: FieldIssue[] = [];
  if (!v.company) issues.push(issue('company', 'required'));
  if (!v.contactName) issues.push(issue('contact.name', 'required'));

  let email: string | undefined;
  if (v.email) {
    email = normalizeEmail(v.email);
    if (!isEmail(email)) issues.push(issue('contact.email', 'invalid_email', { value: v.email }));
  }
  let phone: string | undefined;
  if (v.phone) {
    if (isPhone(v.phone)) phone = normalizePhone(v.phone);
    else issues.push(issue('contact.phone', 'invalid_phone', { value: v.phone }));
  }
  if (!v.email && !v.phone) issues.push(issue('contact.email', 'contact_channel_required'));

  let domain: string | undefined;
  if (v.domain) {
    domain = normalizeDomain(v.domain);
    if (!domain) issues.push(issue('domain', 'invalid_domain', { value: v.domain }));
  } else if (email && isEmail(email)) {
    domain = companyDomainFromEmail(email);
  }

  let source = 'other';
  if (v.source) {
    const wanted = v.source.toLowerCase().replace(/[\s-]+/g, '_');
    const found = team.leadSources.find((s) => s.toLowerCase() === wanted);
    if (found) source = found;
    else issues.push(issue('source', 'unknown_source', { allowed: team.leadSources, value: v.source }));
  }

  let currency = team.currency;
  if (v.currency) {
    const c = v.currency.toUpperCase();
    if (isKnownCurrency(c)) currency = c;
    else issues.push(issue('value', 'invalid_currency', { value: v.currency }));
  }
  let value: Money | undefined;
  if (v.value !== undefined && v.value !== '') {
    if (typeof v.value === 'string') {
      const m = parseMoney(v.value, currency);
      if (m) value = m;
      else issues.push(issue('value', 'invalid_amount', { value: v.value }));
    } else if (isKnownCurrency(v.value.currency.toUpperCase())) {
      value = { amount: v.value.amount, currency: v.value.currency.toUpperCase() };
    } else {
      issues.push(issue('value', 'invalid_currency'));
    }
  }

  if (issues.length) throw validationError(issues);
  return {
    company: v.company!,
    ...(domain ? { domain } : {}),
    contact: {
      name: v.contactName!,
      ...(v.contactTitle ? { title: v.contactTitle } : {}),
      ...(email ? { email } : {}),
      ...(phone ? { phone } : {}),
    },
    source,
    qualification: {
      budget: v.budget ?? false,
      authority: v.authority ?? false,
      need: v.need ?? false,
      timing: v.timing ?? false,
    },
    ...(value ? { value } : {}),
    ...(v.notes ? { notes: v.notes } : {}),
  };
}

/** The normalised keys a lead is de-duplicated on. */
export function dedupeKeys(fields: LeadFields): { email?: string; phone?: string; domain?: string } {
  return {
    ...(fields.contact.email ? { email: fields.contact.email } : {}),
    ...(fields.contact.phone ? { phone: fields.contact.phone } : {}),
    ...(fields.domain ? { domain: fields.domain } : {}),
  };
}
