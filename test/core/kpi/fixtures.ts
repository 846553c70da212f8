// Hand-made domain objects for the pure KPI tests.
import type { Account, RenewalRecord } from '../../../src/core/accounts/account.js';
import type { Lead, Meeting, Offer } from '../../../src/core/leads/lead.js';
import type { Money } from '../../../src/core/money.js';
import type { PersonRef } from '../../../src/core/kpi/report.js';
import type { Role } from '../../../src/core/roster/person.js';

const MIN = 60_000;
const DAY = 24 * 3600_000;

/** "Now" of the pure tests: Monday 15 June 2026, 12:00 UTC. */
export const NOW = new Date('2026-06-15T12:00:00Z');

/** An instant `days` days (and `minutes` minutes) before NOW. */
export function ago(days: number, minutes = 0): Date {
  return new Date(NOW.getTime() - days * DAY - minutes * MIN);
}

export function minutesAfter(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * MIN);
}

export const usd = (amount: number): Money => ({ amount, currency: 'USD' });
export const eur = (amount: number): Money => ({ amount, currency: 'EUR' });

let seq = 0;

export function lead(p: Partial<Lead> = {}): Lead {
  const n = ++seq;
  const createdAt = p.createdAt ?? ago(1);
  return {
    id: `lead_${n}`,
    teamId: 'team_1',
    number: n,
    fields: {
      company: `Co ${n}`,
      contact: { name: 'X' },
      source: 'inbound',
      qualification: { budget: false, authority: false, need: true, timing: false },
    },
    keys: {},
    status: 'new',
    createdBy: 'sdr1',
    createdAt,
    offers: [],
    round: 0,
    meetings: [],
    updatedAt: createdAt,
    version: 1,
    ...p,
  };
}

export function offer(personId: string, at: Date, outcome?: Offer['outcome']): Offer {
  return { personId, at, round: 0, ...(outcome ? { outcome } : {}) };
}

export function meeting(p: Partial<Meeting> = {}): Meeting {
  const bookedAt = p.bookedAt ?? ago(1);
  return {
    id: `mtg_${++seq}`,
    startsAt: minutesAfter(bookedAt, 60 * 24),
    durationMin: 30,
    timezone: 'UTC',
    bookedBy: 'sdr1',
    bookedAt,
    aeId: 'ae1',
    status: 'scheduled',
    revision: 0,
    ...p,
  };
}

/** A lead claimed by `ownerId` `minutes` after it was offered to them. */
export function claimed(ownerId: string, offeredAt: Date, minutes: number, p: Partial<Lead> = {}): Lead {
  return lead({
    createdAt: offeredAt,
    status: 'claimed',
    ownerId,
    claimedAt: minutesAfter(offeredAt, minutes),
    offers: [offer(ownerId, offeredAt, 'claimed')],
    ...p,
  });
}

/** A closed-won lead owned by `ownerId` that went through a held meeting. */
export function wonLead(ownerId: string, at: Date, value: Money, p: Partial<Lead> = {}): Lead {
  return lead({
    createdAt: ago(200),
    status: 'won',
    ownerId,
    claimedAt: ago(199),
    meetings: [meeting({ bookedAt: ago(198), status: 'held', outcomeAt: ago(197), aeId: ownerId })],
    deal: { outcome: 'won', at, by: ownerId, value, termMonths: 12, startDate: '2026-01-01' },
    ...p,
  });
}

export function lostLead(ownerId: string, at: Date, p: Partial<Lead> = {}): Lead {
  return lead({
    createdAt: ago(200),
    status: 'lost',
    ownerId,
    claimedAt: ago(199),
    deal: { outcome: 'lost', at, by: ownerId, reason: 'price' },
    ...p,
  });
}

export function renewal(
  p: Partial<RenewalRecord> & Pick<RenewalRecord, 'action' | 'at' | 'previousValue'>,
): RenewalRecord {
  return { periodEnd: '2026-05-31', by: 'am1', ...p };
}

export function account(p: Partial<Account> = {}): Account {
  const n = ++seq;
  return {
    id: `acct_${n}`,
    teamId: 'team_1',
    leadId: `lead_${n}`,
    company: `Co ${n}`,
    aeId: 'ae1',
    amId: 'am1',
    contract: { value: usd(100_00), termMonths: 12, startDate: '2026-01-01', endDate: '2026-12-31' },
    renewalState: 'pending',
    renewals: [],
    status: 'active',
    createdAt: ago(300),
    updatedAt: ago(1),
    version: 1,
    ...p,
  };
}

export function person(id: string, roles: Role[], active = true): PersonRef {
  return { id, name: id.toUpperCase(), handle: id, roles, active };
}
