import type { Account } from '../core/accounts/account.js';
import { leadLabel, type Lead } from '../core/leads/lead.js';
import type { DomainEvent } from '../core/ports.js';
import { amount, bool, contact, iso, type Row, type Who } from './export-rows.js';

export const ACCOUNT_COLUMNS = [
  'account_id',
  'company',
  'domain',
  'contact_name',
  'contact_title',
  'contact_email',
  'contact_phone',
  'ae',
  'am',
  'status',
  'contract_value',
  'currency',
  'term_months',
  'start_date',
  'end_date',
  'renewal_state',
  'renewals',
  'churned_at',
  'created_at',
  'lead',
  'demo',
];

export function accountRow(a: Account, lead: Lead | undefined, who: Who): Row {
  return {
    account_id: a.id,
    company: a.company,
    domain: a.domain ?? '',
    ...contact(lead),
    ae: who(a.aeId),
    am: who(a.amId),
    status: a.status,
    contract_value: amount(a.contract.value),
    currency: a.contract.value.currency,
    term_months: String(a.contract.termMonths),
    start_date: a.contract.startDate,
    end_date: a.contract.endDate,
    renewal_state: a.renewalState,
    renewals: String(a.renewals.length),
    churned_at: iso(a.churnedAt),
    created_at: iso(a.createdAt),
    lead: lead ? leadLabel(lead) : '',
    demo: bool(Boolean(a.demo)),
  };
}

export const EVENT_COLUMNS = [
  'at',
  'record',
  'company',
  'type',
  'from',
  'to',
  'actor',
  'source',
  'reason',
  'event_id',
  'detail',
];

/** One audit-trail event; `detail` is its data without the recorded side effects. */
export function eventRow(e: DomainEvent, record: string, company: string, who: Who): Row {
  const { effects: _effects, ...data } = e.data ?? {};
  return {
    at: iso(e.at),
    record,
    company,
    type: e.type,
    from: e.from ?? '',
    to: e.to ?? '',
    actor: who(e.actorId),
    source: e.source,
    reason: e.reason ?? '',
    event_id: e.id,
    detail: Object.keys(data).length ? JSON.stringify(data) : '',
  };
}
