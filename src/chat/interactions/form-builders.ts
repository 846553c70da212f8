import { DateTime } from 'luxon';
import { currentMeeting, leadLabel, type Lead } from '../../core/leads/lead.js';
import type { Account } from '../../core/accounts/account.js';
import { minorDigits } from '../../core/money.js';
import type { Form, FormField } from '../forms.js';
import { isMessageKey } from '../i18n/i18n.js';
import { lossLabel, sourceLabel } from '../render/lead-card.js';
import type { Session } from './session.js';

const DURATIONS = ['15', '30', '45', '60', '90', '120'];

/** Every form carries the reader's language (adapters word their own controls in it). */
function withLocale(s: Session, form: Form): Form {
  return { ...form, locale: s.locale };
}

function f(
  s: Session,
  id: string,
  kind: FormField['kind'],
  required: boolean,
  extra: Partial<FormField> = {},
): FormField {
  const key = `form.field.${id}`;
  return { id, kind, required, label: isMessageKey(key) ? s.kit.tr(key) : key, ...extra };
}

/** `/lead` with no text: every field of a lead. */
export function leadForm(s: Session): Form {
  return withLocale(s, {
    id: 'lead',
    title: s.kit.tr('form.lead.title'),
    submitLabel: s.kit.tr('form.lead.submit'),
    fields: [
      f(s, 'company', 'text', true, { maxLength: 120 }),
      f(s, 'contactName', 'text', true, { maxLength: 120 }),
      f(s, 'contactTitle', 'text', false, { maxLength: 120 }),
      f(s, 'email', 'email', false, { hint: s.kit.tr('form.hint.email_or_phone') }),
      f(s, 'phone', 'phone', false, { maxLength: 40 }),
      f(s, 'domain', 'text', false, { maxLength: 253, placeholder: 'acme.com' }),
      f(s, 'source', 'select', true, {
        options: s.team.leadSources.map((v) => ({ value: v, label: sourceLabel(s.kit, v) })),
        initial: s.team.leadSources.includes('inbound') ? 'inbound' : s.team.leadSources[0],
      }),
      f(s, 'bant', 'checkboxes', false, {
        options: (['budget', 'authority', 'need', 'timing'] as const).map((v) => ({
          value: v,
          label: s.kit.tr(`form.bant.${v}`),
        })),
      }),
      f(s, 'value', 'money', false, {
        placeholder: s.team.currency === 'RUB' ? '500 000 ₽' : '$25,000',
        maxLength: 40,
      }),
      f(s, 'notes', 'textarea', false, { maxLength: 2000 }),
    ],
  });
}

/** `/meeting` with no text: which lead, when, how long, in which zone. */
export function meetingForm(s: Session, leads: Lead[]): Form {
  return withLocale(s, {
    id: 'meeting',
    title: s.kit.tr('form.meeting.title'),
    submitLabel: s.kit.tr('form.meeting.submit'),
    fields: [
      f(s, 'lead', 'select', true, {
        options: leads
          .slice(0, 100)
          .map((l) => ({ value: l.id, label: `${leadLabel(l)} ${l.fields.company}`.slice(0, 75) })),
      }),
      ...whenFields(s),
    ],
  });
}

function whenFields(
  s: Session,
  initial?: { startsAt: Date; durationMin: number; timezone: string },
): FormField[] {
  // The platform's zone for the person (Slack profile) when known, else their Baton zone.
  const zone = initial?.timezone ?? s.inb.speaker.timezone ?? s.person.timezone;
  const start = initial ? DateTime.fromJSDate(new Date(initial.startsAt), { zone }) : undefined;
  return [
    f(s, 'date', 'date', true, start ? { initial: start.toISODate() ?? undefined } : {}),
    f(s, 'time', 'time', true, start ? { initial: start.toFormat('HH:mm') } : {}),
    f(s, 'durationMin', 'select', true, {
      options: DURATIONS.map((d) => ({ value: d, label: s.kit.minutes(+d) })),
      initial: String(initial?.durationMin ?? 30),
    }),
    f(s, 'timezone', 'timezone', true, { initial: zone, hint: s.kit.tr('form.hint.timezone') }),
  ];
}

export function rescheduleForm(s: Session, lead: Lead): Form {
  const m = currentMeeting(lead);
  return withLocale(s, {
    id: 'reschedule',
    ref: lead.id,
    title: s.kit.tr('form.reschedule.title'),
    submitLabel: s.kit.tr('form.reschedule.submit'),
    intro: `${leadLabel(lead)} ${lead.fields.company}`,
    fields: whenFields(s, m),
  });
}

export function wonForm(s: Session, lead: Lead): Form {
  const value = lead.fields.value;
  const amount = value ? String(value.amount / 10 ** minorDigits(value.currency)) : undefined;
  return withLocale(s, {
    id: 'won',
    ref: lead.id,
    title: s.kit.tr('form.won.title'),
    submitLabel: s.kit.tr('form.won.submit'),
    intro: `${leadLabel(lead)} ${lead.fields.company}`,
    fields: [
      f(s, 'amount', 'money', true, amount ? { initial: amount } : {}),
      f(s, 'currency', 'text', true, { initial: value?.currency ?? s.team.currency, maxLength: 3 }),
      f(s, 'termMonths', 'number', true, { initial: '12' }),
      f(s, 'startDate', 'date', true, {
        initial: DateTime.fromJSDate(s.ctx.now, { zone: s.team.timezone }).toISODate() ?? undefined,
      }),
      f(s, 'note', 'textarea', false, { maxLength: 2000, hint: s.kit.tr('form.hint.handoff') }),
    ],
  });
}

export function lostForm(s: Session, lead: Lead): Form {
  return withLocale(s, {
    id: 'lost',
    ref: lead.id,
    title: s.kit.tr('form.lost.title'),
    submitLabel: s.kit.tr('form.lost.submit'),
    intro: `${leadLabel(lead)} ${lead.fields.company}`,
    fields: [
      f(s, 'reason', 'select', true, {
        options: s.team.lossReasons.map((v) => ({ value: v, label: lossLabel(s.kit, v) })),
      }),
      f(s, 'note', 'textarea', false, { maxLength: 2000 }),
    ],
  });
}

/** Renewal forms: the ref carries the account and the period the nudge was about. */
export function renewalForm(
  s: Session,
  kind: 'renewed' | 'upsold' | 'churned',
  account: Account,
  periodEnd: string,
): Form {
  const base = {
    ref: `${account.id}|${periodEnd}`,
    intro: account.company,
    submitLabel: s.kit.tr('form.renewal.submit'),
  };
  if (kind === 'churned') {
    return withLocale(s, {
      id: 'renewal.churned',
      title: s.kit.tr('form.renewal.churned.title'),
      ...base,
      fields: [f(s, 'reason', 'textarea', true, { maxLength: 500 })],
    });
  }
  const cur = account.contract.value;
  const current = String(cur.amount / 10 ** minorDigits(cur.currency));
  return withLocale(s, {
    id: `renewal.${kind}`,
    title: s.kit.tr(`form.renewal.${kind}.title`),
    ...base,
    fields: [
      f(
        s,
        kind === 'upsold' ? 'added' : 'amount',
        'money',
        true,
        kind === 'renewed' ? { initial: current } : {},
      ),
      f(s, 'currency', 'text', true, { initial: cur.currency, maxLength: 3 }),
      f(s, 'termMonths', 'number', false, { initial: String(account.contract.termMonths) }),
    ],
  });
}
