import { DateTime } from 'luxon';
import { validationError } from '../../core/errors.js';
import { leadLabel, type Lead } from '../../core/leads/lead.js';
import { minorDigits, type Money } from '../../core/money.js';
import { recordLost, recordWon } from '../../core/deals/record-deal.js';
import { say } from '../interactions/session.js';
import { parseDate } from '../parsers/when-syntax.js';
import { lossLabel } from '../render/lead-card.js';
import { field, one, probe, withLocale, type FormSpec } from './spec.js';
import { moneyCheck, moneyFrom, termFrom } from './values.js';

type Won = { value: Money; termMonths: number; startDate: string; note?: string };

/** "Won": the contract (value, term, start) and a note for the account manager. */
export const wonForm: FormSpec<'won', Won, [Lead]> = {
  id: 'won',
  build(s, lead) {
    const value = lead.fields.value;
    const amount = value ? String(value.amount / 10 ** minorDigits(value.currency)) : undefined;
    return withLocale(s, {
      id: 'won',
      ref: lead.id,
      title: s.kit.tr('form.won.title'),
      submitLabel: s.kit.tr('form.won.submit'),
      intro: `${leadLabel(lead)} ${lead.fields.company}`,
      fields: [
        field(s, 'amount', 'money', true, amount ? { initial: amount } : {}),
        field(s, 'currency', 'text', true, { initial: value?.currency ?? s.team.currency, maxLength: 3 }),
        field(s, 'termMonths', 'number', true, { initial: '12' }),
        field(s, 'startDate', 'date', true, {
          initial: DateTime.fromJSDate(s.ctx.now, { zone: s.team.timezone }).toISODate() ?? undefined,
        }),
        field(s, 'note', 'textarea', false, { maxLength: 2000, hint: s.kit.tr('form.hint.handoff') }),
      ],
    });
  },
  parse(s, v) {
    const start = parseDate(one(v.startDate), s.team.timezone, s.ctx.now);
    if (!start) throw validationError([{ field: 'startDate', code: 'invalid_date', message: '' }]);
    const value = moneyFrom(v, 'amount', s.team.currency);
    const note = one(v.note);
    return { value, termMonths: termFrom(v, true)!, startDate: start.toISODate()!, ...(note ? { note } : {}) };
  },
  async submit(s, won, ref) {
    const { lead, account } = await recordWon(s.deps.core, { leadRef: ref ?? '', ...won }, s.ctx);
    const am = account.amId
      ? s.kit.tr('reply.won_am', { am: await s.kit.name(account.amId) })
      : s.kit.tr('reply.won_no_am');
    return say([s.kit.tr('reply.won', { company: lead.fields.company, value: s.kit.money(won.value), am })]);
  },
  fields: {
    amount: 'amount',
    currency: 'currency',
    termMonths: 'termMonths',
    startDate: 'startDate',
    note: 'note',
  },
  check(s, id, value) {
    if (id === 'startDate')
      return parseDate(value, s.team.timezone, s.ctx.now) ? null : s.kit.tr('issue.invalid_date');
    const money = moneyCheck(s, id, value);
    return money ? probe(s, wonForm.fields, id, money.run) : null;
  },
};

/** "Lost": why, from the team's loss reasons, and a note. */
export const lostForm: FormSpec<'lost', { reason: string; note?: string }, [Lead]> = {
  id: 'lost',
  build: (s, lead) =>
    withLocale(s, {
      id: 'lost',
      ref: lead.id,
      title: s.kit.tr('form.lost.title'),
      submitLabel: s.kit.tr('form.lost.submit'),
      intro: `${leadLabel(lead)} ${lead.fields.company}`,
      fields: [
        field(s, 'reason', 'select', true, {
          options: s.team.lossReasons.map((v) => ({ value: v, label: lossLabel(s.kit, v) })),
        }),
        field(s, 'note', 'textarea', false, { maxLength: 2000 }),
      ],
    }),
  parse(_s, v) {
    const note = one(v.note);
    return { reason: one(v.reason), ...(note ? { note } : {}) };
  },
  async submit(s, input, ref) {
    const lead = await recordLost(s.deps.core, { leadRef: ref ?? '', ...input }, s.ctx);
    return say([
      s.kit.tr('reply.lost', {
        label: leadLabel(lead),
        company: lead.fields.company,
        reason: lossLabel(s.kit, lead.deal?.reason ?? ''),
      }),
    ]);
  },
  fields: {},
  check: () => null,
};
