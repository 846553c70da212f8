import { leadClaim } from '../core/kpi/definitions.js';
import { currentMeeting, leadLabel, type Lead } from '../core/leads/lead.js';
import { minorDigits, type Money } from '../core/money.js';
import type { Person } from '../core/roster/person.js';
import { ROSTER_COLUMNS } from './roster-csv.js';

/** A CSV row: column → cell. */
export type Row = Record<string, string>;

/** Handles by person id, for readable owner/SDR/AM columns. */
export type Who = (personId: string | undefined) => string;

export const iso = (d: Date | string | undefined) => (d ? new Date(d).toISOString() : '');
export const bool = (b: boolean) => (b ? 'true' : 'false');
/** A decimal amount in major units ("25000.00"), as CRMs import it. */
export const amount = (m: Money | undefined) =>
  m ? (m.amount / 10 ** minorDigits(m.currency)).toFixed(minorDigits(m.currency)) : '';

export const PEOPLE_COLUMNS = [...ROSTER_COLUMNS];

/** A person as a roster row: `import-roster` reads it back unchanged. */
export function personRow(p: Person): Row {
  const slack = p.addresses.find((a) => a.startsWith('slack:'))?.slice('slack:'.length) ?? '';
  return {
    name: p.name,
    handle: p.handle,
    roles: p.roles.join(';'),
    email: p.email ?? '',
    slack_id: slack,
    telegram_username: p.telegramUsername ?? '',
    timezone: p.timezone,
    locale: p.locale,
    weight: String(p.weight),
    cap: p.cap === null ? '' : String(p.cap),
  };
}

/** The lead's contact, for rows about its deal or account. */
export const contact = (l: Lead | undefined): Row => ({
  contact_name: l?.fields.contact.name ?? '',
  contact_title: l?.fields.contact.title ?? '',
  contact_email: l?.fields.contact.email ?? '',
  contact_phone: l?.fields.contact.phone ?? '',
});

/** Speed to claim in minutes with one decimal, or empty while the lead is unclaimed. */
const speed = (l: Lead) => {
  const claim = leadClaim(l);
  return claim ? claim.minutes.toFixed(1) : '';
};

export const LEAD_COLUMNS = [
  'lead',
  'created_at',
  'status',
  'company',
  'domain',
  'contact_name',
  'contact_title',
  'contact_email',
  'contact_phone',
  'source',
  'budget',
  'authority',
  'need',
  'timing',
  'estimated_value',
  'currency',
  'sdr',
  'owner',
  'offered_to',
  'claimed_at',
  'speed_to_claim_min',
  'next_meeting_at',
  'deal_outcome',
  'closed_at',
  'notes',
  'demo',
];

export function leadRow(l: Lead, who: Who): Row {
  const q = l.fields.qualification;
  return {
    lead: leadLabel(l),
    created_at: iso(l.createdAt),
    status: l.status,
    company: l.fields.company,
    domain: l.fields.domain ?? '',
    ...contact(l),
    source: l.fields.source,
    budget: bool(q.budget),
    authority: bool(q.authority),
    need: bool(q.need),
    timing: bool(q.timing),
    estimated_value: amount(l.fields.value),
    currency: l.fields.value?.currency ?? '',
    sdr: who(l.createdBy),
    owner: who(l.ownerId),
    offered_to: who(l.offeredTo),
    claimed_at: iso(l.claimedAt),
    // The same speed to claim as the card, the SDR's message, /kpi and the digest.
    speed_to_claim_min: speed(l),
    next_meeting_at: iso(currentMeeting(l)?.startsAt),
    deal_outcome: l.deal?.outcome ?? (l.status === 'disqualified' ? 'disqualified' : ''),
    closed_at: iso(l.deal?.at),
    notes: l.fields.notes ?? '',
    demo: bool(Boolean(l.demo)),
  };
}

export const DEAL_COLUMNS = [
  'lead',
  'company',
  'domain',
  'contact_name',
  'contact_title',
  'contact_email',
  'contact_phone',
  'outcome',
  'amount',
  'currency',
  'term_months',
  'start_date',
  'closed_at',
  'ae',
  'sdr',
  'loss_reason',
  'note',
  'account_id',
];

/** A decided deal (won or lost), or null for a lead still open. */
export function dealRow(l: Lead, who: Who): Row | null {
  const d = l.deal;
  if (!d) return null;
  return {
    lead: leadLabel(l),
    company: l.fields.company,
    domain: l.fields.domain ?? '',
    ...contact(l),
    outcome: d.outcome,
    amount: amount(d.value),
    currency: d.value?.currency ?? '',
    term_months: d.termMonths === undefined ? '' : String(d.termMonths),
    start_date: d.startDate ?? '',
    closed_at: iso(d.at),
    ae: who(l.ownerId ?? d.by),
    sdr: who(l.createdBy),
    loss_reason: d.reason ?? '',
    note: d.note ?? '',
    account_id: d.accountId ?? '',
  };
}
