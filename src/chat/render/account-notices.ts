import type { Account } from '../../core/accounts/account.js';
import type { Notice } from '../../core/notices.js';
import type { Stores } from '../../core/ports.js';
import { daysUntil } from '../../core/time.js';
import { text, type Button, type Message, type Span } from '../message.js';
import { rich, type Kit } from './kit.js';

export type AccountBody = Extract<
  Notice['body'],
  { kind: 'deal.won' | 'deal.handoff' | 'account.handover' | `renewal.${string}` }
>;

function msg(spans: Span[], buttons: Button[] = [], more: Span[][] = []): Message {
  const summary = spans.map((s) => (s.t === 'person' ? s.name : s.v)).join('');
  return {
    summary,
    blocks: [
      { type: 'text', text: spans },
      ...more.map((m) => ({ type: 'text' as const, text: m })),
      ...(buttons.length ? [{ type: 'actions' as const, buttons }] : []),
    ],
  };
}

/** Renewal buttons carry the period they were sent for, so a late click is recognised. */
export function renewalButtons(kit: Kit, a: Account): Button[] {
  const ref = a.id;
  const arg = a.contract.endDate;
  return [
    { label: kit.tr('btn.on_it'), action: { id: 'renewal.on_it', ref, arg } },
    { label: kit.tr('btn.renewed'), action: { id: 'renewal.renewed', ref, arg }, style: 'primary' },
    { label: kit.tr('btn.upsold'), action: { id: 'renewal.upsold', ref, arg } },
    { label: kit.tr('btn.churned'), action: { id: 'renewal.churned', ref, arg }, style: 'danger' },
  ];
}

/** The outcome of a renewal decision in words. */
export function renewalOutcome(kit: Kit, a: Account, periodEnd?: string): string {
  const r = [...a.renewals].reverse().find((x) => !periodEnd || x.periodEnd === periodEnd);
  if (!r) return kit.tr('renewal.on_it');
  if (r.action === 'churned') return kit.tr('renewal.churned', { reason: r.reason ?? '' });
  if (r.action === 'renewed') return kit.tr('renewal.renewed', { value: kit.money(r.newValue) });
  if (r.action === 'upsold') return kit.tr('renewal.upsold', { value: kit.money(r.newValue) });
  return kit.tr('renewal.on_it');
}

/**
 * Days to the contract's last day as the reader counts them: from the day the notice was decided
 * in the reader's zone to the date shown (notices stored before `at` existed keep their count).
 */
function daysFor(kit: Kit, b: { periodEnd: string; daysLeft: number; at?: string }): number {
  return b.at ? daysUntil(b.periodEnd, new Date(b.at), kit.reader.timezone) : b.daysLeft;
}

/** Won deals, AM handoffs and renewal notices, from the account's current state. */
export async function accountNotice(stores: Stores, kit: Kit, b: AccountBody): Promise<Message | null> {
  const a = await stores.accounts.get(b.accountId);
  if (!a) return null;
  const company = a.company;
  const value = kit.money(a.contract.value);
  switch (b.kind) {
    case 'deal.won':
      return a.amId
        ? msg(
            rich(kit, 'notice.deal_won', {
              ae: await kit.who(a.aeId),
              company,
              value,
              term: a.contract.termMonths,
              am: await kit.who(a.amId),
            }),
          )
        : msg(
            rich(kit, 'notice.deal_won_no_am', {
              ae: await kit.who(a.aeId),
              company,
              value,
              term: a.contract.termMonths,
            }),
          );
    case 'deal.handoff': {
      const more = a.handoffNote
        ? [rich(kit, 'notice.handoff_note', { ae: await kit.who(a.aeId), note: a.handoffNote })]
        : [];
      const first = a.renewals[0]?.previousValue ?? a.contract.value;
      return msg(
        rich(kit, 'notice.handoff', {
          company,
          ae: await kit.who(a.aeId),
          value: kit.money(first),
          term: a.contract.termMonths,
          start: kit.date(a.contract.startDate),
          end: kit.date(a.contract.endDate),
        }),
        [],
        more,
      );
    }
    case 'account.handover':
      return msg(
        rich(kit, 'notice.account_handover', {
          company,
          from: await kit.who(b.fromId),
          value,
          start: kit.date(a.contract.startDate),
          end: kit.date(a.contract.endDate),
        }),
        a.renewalState === 'pending' ? renewalButtons(kit, a) : [],
      );
    case 'renewal.nudge':
      if (a.status !== 'active' || a.contract.endDate !== b.periodEnd || a.renewalState !== 'pending')
        return null;
      return msg(
        [
          text(
            kit.tr('notice.renewal_nudge', {
              company,
              // Decided on the last day, it may already be the next one where the reader is.
              days: Math.max(0, daysFor(kit, b)),
              end: kit.date(b.periodEnd),
              value,
            }),
          ),
        ],
        renewalButtons(kit, a),
      );
    case 'renewal.escalated': {
      const days = daysFor(kit, b);
      return msg(
        rich(kit, days < 0 ? 'notice.renewal_escalated_overdue' : 'notice.renewal_escalated', {
          company,
          days: Math.abs(days),
          end: kit.date(b.periodEnd),
          am: await kit.who(a.amId),
        }),
      );
    }
    case 'renewal.recorded': {
      const last = [...a.renewals].reverse().find((r) => r.periodEnd === b.periodEnd);
      return msg(
        rich(kit, 'notice.renewal_recorded', {
          who: await kit.who(last?.by ?? a.amId),
          company,
          outcome: renewalOutcome(kit, a, b.periodEnd),
        }),
      );
    }
  }
  return null;
}
