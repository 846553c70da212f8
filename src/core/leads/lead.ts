import type { Money } from '../money.js';

export const LEAD_STATUSES = [
  'new',
  'queued',
  'offered',
  'claimed',
  'meeting_booked',
  'held',
  'no_show',
  'won',
  'lost',
  'disqualified',
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Statuses in which a lead is still in play (counts toward caps, duplicates, pipeline). */
export const OPEN_STATUSES: readonly LeadStatus[] = [
  'new',
  'queued',
  'offered',
  'claimed',
  'meeting_booked',
  'held',
  'no_show',
];
export const CLOSED_STATUSES: readonly LeadStatus[] = ['won', 'lost', 'disqualified'];

export function isOpen(status: LeadStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export type Qualification = { budget: boolean; authority: boolean; need: boolean; timing: boolean };

export type Contact = { name: string; title?: string; email?: string; phone?: string };

/** What the SDR provides (already validated and normalised). */
export type LeadFields = {
  company: string;
  domain?: string;
  contact: Contact;
  source: string;
  qualification: Qualification;
  value?: Money;
  notes?: string;
};

export type RoutingDecision = {
  /** 'owner' = the company's existing owner; 'rotation' = weighted round robin; 'queue' = nobody eligible. */
  kind: 'owner' | 'rotation' | 'queue' | 'manual';
  personId?: string;
  /** Rotation turn that made the decision, for the audit trail. */
  turn?: number;
  /** People not chosen and why (machine-readable; adapters render it). */
  skipped: { personId: string; reason: SkipReason }[];
  /** Extra detail, e.g. the lead/account that made someone the owner. */
  detail?: Record<string, unknown>;
};

export type SkipReason =
  | { code: 'inactive' }
  | { code: 'out_of_office'; until: Date }
  | { code: 'at_cap'; open: number; cap: number }
  | { code: 'outside_hours'; start: string; end: string; timezone: string }
  | { code: 'already_offered' }
  | { code: 'passed' };

export type Offer = {
  personId: string;
  at: Date;
  round: number;
  /** How the offer ended, once it has. */
  outcome?: 'claimed' | 'passed' | 'expired' | 'reassigned' | 'withdrawn';
  endedAt?: Date;
  passReason?: string;
};

export type MeetingStatus = 'scheduled' | 'held' | 'no_show' | 'cancelled';

export type Meeting = {
  id: string;
  startsAt: Date;
  durationMin: number;
  /** Zone the time was entered in (the booker's). */
  timezone: string;
  bookedBy: string;
  bookedAt: Date;
  aeId: string;
  status: MeetingStatus;
  /** Increases with every reschedule so reminder jobs can tell a stale schedule. */
  revision: number;
  outcomeAt?: Date;
  note?: string;
};

export type DealOutcome = {
  outcome: 'won' | 'lost';
  at: Date;
  by: string;
  value?: Money;
  termMonths?: number;
  startDate?: string;
  reason?: string;
  note?: string;
  accountId?: string;
};

export type Lead = {
  id: string;
  teamId: string;
  /** Human-friendly number within the team (L-17). */
  number: number;
  fields: LeadFields;
  /** Normalised keys for duplicate detection. */
  keys: { email?: string; phone?: string; domain?: string };
  status: LeadStatus;
  createdBy: string;
  createdAt: Date;
  /** The AE currently offered the lead (status offered). */
  offeredTo?: string;
  offers: Offer[];
  /** Offer round (offers stop after one full round, so this stays 0; kept for stored leads). */
  round: number;
  routing?: RoutingDecision;
  ownerId?: string;
  claimedAt?: Date;
  meetings: Meeting[];
  deal?: DealOutcome;
  disqualifyReason?: string;
  /** Managers were told the lead is unclaimed (once per lead). */
  escalatedAt?: Date;
  /**
   * Offers stopped: a full round (or the escalation time) passed without a claim. The lead waits
   * in the team queue, claimable by any AE, and nobody is offered it or reminded of it again.
   */
  offersStoppedAt?: Date;
  updatedAt: Date;
  /** Optimistic-concurrency version: the number of events applied. */
  version: number;
  demo?: boolean;
};

export function leadLabel(lead: Pick<Lead, 'number'>): string {
  return `L-${lead.number}`;
}

/** The meeting that is scheduled now, if any. */
export function currentMeeting(lead: Pick<Lead, 'meetings'>): Meeting | undefined {
  return [...lead.meetings].reverse().find((m) => m.status === 'scheduled');
}
