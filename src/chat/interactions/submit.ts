import { IANAZone } from 'luxon';
import { BatonError, validationError, type FieldIssue } from '../../core/errors.js';
import { leadLabel } from '../../core/leads/lead.js';
import { validateLeadInput, type LeadInput } from '../../core/leads/lead-input.js';
import { isKnownCurrency, parseMoney, type Money } from '../../core/money.js';
import { createLead } from '../../core/leads/create-lead.js';
import { passLead } from '../../core/leads/pass-lead.js';
import { recordLost, recordWon } from '../../core/deals/record-deal.js';
import { recordRenewal } from '../../core/accounts/record-renewal.js';
import { WORDS } from '../i18n/locales.js';
import { withAmount } from '../parsers/lead-syntax.js';
import { parseDate, parseDuration, parseTime, wallClock } from '../parsers/when-syntax.js';
import type { FormId, FormValues } from '../forms.js';
import { lossLabel } from '../render/lead-card.js';
import { renewalOutcome } from '../render/account-notices.js';
import { fieldErrors } from './errors.js';
import { createdReply } from './lead-replies.js';
import { bookReply, rescheduleReply } from './meeting-command.js';
import { say, type Session } from './session.js';
import type { Reply, SubmitResult } from './types.js';

const one = (v: string | string[] | undefined): string =>
  (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const many = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v ? v.split(',') : []).map((x) => x.trim());

/** Core issue field → form field id, per form. */
const FIELD_MAP: Record<string, Record<string, string>> = {
  lead: {
    company: 'company',
    domain: 'domain',
    'contact.name': 'contactName',
    'contact.title': 'contactTitle',
    'contact.email': 'email',
    'contact.phone': 'phone',
    source: 'source',
    value: 'value',
    notes: 'notes',
  },
  meeting: {
    startsAt: 'time',
    date: 'date',
    time: 'time',
    durationMin: 'durationMin',
    timezone: 'timezone',
    lead: 'lead',
  },
  won: {
    amount: 'amount',
    currency: 'currency',
    termMonths: 'termMonths',
    startDate: 'startDate',
    note: 'note',
  },
  renewal: {
    amount: 'amount',
    added: 'added',
    currency: 'currency',
    termMonths: 'termMonths',
    reason: 'reason',
  },
};

/** A lead form's values as a lead's input; an amount typed in any language's words is read here. */
export function leadInputFrom(v: FormValues, teamCurrency: string): LeadInput {
  const bant = many(v.bant);
  const input: LeadInput = {
    budget: bant.includes('budget'),
    authority: bant.includes('authority'),
    need: bant.includes('need'),
    timing: bant.includes('timing'),
  };
  for (const k of [
    'company',
    'contactName',
    'contactTitle',
    'email',
    'phone',
    'domain',
    'source',
    'value',
    'notes',
    'currency',
  ] as const) {
    const x = one(v[k]);
    if (x) input[k] = x;
  }
  return withAmount(input, teamCurrency);
}

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

function moneyFrom(v: FormValues, amountField: string, fallbackCurrency: string): Money {
  const currency = (one(v.currency) || fallbackCurrency).toUpperCase();
  const issues: FieldIssue[] = [];
  if (!isKnownCurrency(currency)) issues.push({ field: 'currency', code: 'invalid_currency', message: '' });
  const m = parseMoney(one(v[amountField]), isKnownCurrency(currency) ? currency : fallbackCurrency, WORDS.amount);
  if (!m || m.amount <= 0) issues.push({ field: amountField, code: 'invalid_amount', message: '' });
  if (issues.length) throw validationError(issues);
  return { amount: m!.amount, currency: isKnownCurrency(currency) ? currency : m!.currency };
}

function termFrom(v: FormValues, required: boolean): number | undefined {
  const raw = one(v.termMonths);
  if (!raw && !required) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 120)
    throw validationError([{ field: 'termMonths', code: 'invalid_term', message: '' }]);
  return n;
}

async function run(s: Session, form: FormId, ref: string | undefined, v: FormValues): Promise<Reply> {
  const core = s.deps.core;
  switch (form) {
    case 'lead': {
      const input = leadInputFrom(v, s.team.currency);
      return createdReply(s, await createLead(core, { input }, s.ctx), input);
    }
    case 'meeting':
      if (!one(v.lead)) throw validationError([{ field: 'lead', code: 'unknown_lead', message: '' }]);
      return bookReply(s, one(v.lead), slotFromValues(s, v));
    case 'reschedule':
      return rescheduleReply(s, ref ?? '', slotFromValues(s, v));
    case 'won': {
      const start = parseDate(one(v.startDate), s.team.timezone, s.ctx.now);
      if (!start) throw validationError([{ field: 'startDate', code: 'invalid_date', message: '' }]);
      const value = moneyFrom(v, 'amount', s.team.currency);
      const note = one(v.note);
      const { lead, account } = await recordWon(
        core,
        {
          leadRef: ref ?? '',
          value,
          termMonths: termFrom(v, true)!,
          startDate: start.toISODate()!,
          ...(note ? { note } : {}),
        },
        s.ctx,
      );
      const am = account.amId
        ? s.kit.tr('reply.won_am', { am: await s.kit.name(account.amId) })
        : s.kit.tr('reply.won_no_am');
      return say([s.kit.tr('reply.won', { company: lead.fields.company, value: s.kit.money(value), am })]);
    }
    case 'lost': {
      const note = one(v.note);
      const lead = await recordLost(
        core,
        { leadRef: ref ?? '', reason: one(v.reason), ...(note ? { note } : {}) },
        s.ctx,
      );
      return say([
        s.kit.tr('reply.lost', {
          label: leadLabel(lead),
          company: lead.fields.company,
          reason: lossLabel(s.kit, lead.deal?.reason ?? ''),
        }),
      ]);
    }
    case 'pass': {
      const reason = one(v.reason);
      const lead = await passLead(core, { leadRef: ref ?? '', ...(reason ? { reason } : {}) }, s.ctx);
      return say([s.kit.tr('reply.passed', { label: leadLabel(lead), company: lead.fields.company })]);
    }
    case 'renewal.renewed':
    case 'renewal.upsold':
    case 'renewal.churned': {
      const [accountId = '', periodEnd = ''] = (ref ?? '').split('|');
      const acct = await core.stores.accounts.get(accountId);
      if (!acct) throw new BatonError('ACCOUNT_NOT_FOUND', 'not found', {});
      const cur = acct.contract.value.currency;
      const termMonths = termFrom(v, false);
      const action =
        form === 'renewal.churned'
          ? { kind: 'churned' as const, reason: one(v.reason) }
          : form === 'renewal.renewed'
            ? {
                kind: 'renewed' as const,
                value: moneyFrom(v, 'amount', cur),
                ...(termMonths ? { termMonths } : {}),
              }
            : {
                kind: 'upsold' as const,
                added: moneyFrom(v, 'added', cur),
                ...(termMonths ? { termMonths } : {}),
              };
      const updated = await recordRenewal(core, { accountId, periodEnd, action }, s.ctx);
      return say([
        s.kit.tr('reply.renewal', {
          company: updated.company,
          outcome: renewalOutcome(s.kit, updated, periodEnd),
        }),
      ]);
    }
  }
}

/** Submits a form; validation problems come back per field, in the reader's language. */
export async function submitForm(
  s: Session,
  form: FormId,
  ref: string | undefined,
  v: FormValues,
): Promise<SubmitResult> {
  try {
    return { kind: 'done', reply: await run(s, form, ref, v) };
  } catch (err) {
    if (
      err instanceof BatonError &&
      (err.code === 'VALIDATION_FAILED' || err.code === 'MEETING_IN_PAST') &&
      err.issues.length
    ) {
      const map =
        FIELD_MAP[form.startsWith('renewal') ? 'renewal' : form === 'reschedule' ? 'meeting' : form] ?? {};
      const fallback = Object.values(map)[0] ?? 'reason';
      return { kind: 'errors', errors: fieldErrors(err, s.locale, map, fallback) };
    }
    throw err;
  }
}

/** Checks one answer of a dialog on its own; returns the problem in words, or null. */
export async function checkOneField(
  s: Session,
  form: FormId,
  field: string,
  value: string,
): Promise<string | null> {
  const v = value.trim();
  const probe = async (run: () => unknown): Promise<string | null> => {
    try {
      await run();
      return null;
    } catch (err) {
      if (!(err instanceof BatonError) || !err.issues.length) return null;
      const errors = fieldErrors(
        err,
        s.locale,
        FIELD_MAP[
          form === 'lead'
            ? 'lead'
            : form.startsWith('renewal')
              ? 'renewal'
              : form === 'won'
                ? 'won'
                : 'meeting'
        ] ?? {},
        field,
      );
      return errors[field] ?? null;
    }
  };
  if (form === 'lead') {
    const base: FormValues = { company: 'x', contactName: 'x', email: 'x@example.com', [field]: v };
    return probe(() => validateLeadInput(leadInputFrom(base, s.team.currency), s.team));
  }
  if (['date', 'time', 'durationMin', 'timezone'].includes(field)) {
    const base: FormValues = {
      date: 'tomorrow',
      time: '10:00',
      durationMin: '30',
      timezone: s.person.timezone,
      [field]: v,
    };
    return probe(() => slotFromValues(s, base));
  }
  if (field === 'startDate')
    return parseDate(v, s.team.timezone, s.ctx.now) ? null : s.kit.tr('issue.invalid_date');
  if (['amount', 'added', 'currency'].includes(field)) {
    const base: FormValues = { amount: '1', added: '1', currency: s.team.currency, [field]: v };
    return probe(() => moneyFrom(base, field === 'added' ? 'added' : 'amount', s.team.currency));
  }
  if (field === 'termMonths') return probe(() => termFrom({ termMonths: v }, true));
  if (field === 'lead' && v) return null;
  if (['reason'].includes(field) && form === 'renewal.churned' && !v) return s.kit.tr('issue.required');
  return null;
}
