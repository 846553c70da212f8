import { BatonError } from '../errors.js';
import type { LeadStatus } from './lead.js';

/**
 * The lead state machine. Every status change goes through `assertTransition`; anything not
 * listed here is an ILLEGAL_TRANSITION and writes nothing.
 */
export const TRANSITIONS: Record<LeadStatus, readonly LeadStatus[]> = {
  new: ['offered', 'queued', 'claimed', 'disqualified'],
  queued: ['offered', 'claimed', 'disqualified'],
  offered: ['offered', 'queued', 'claimed', 'disqualified'],
  claimed: ['meeting_booked', 'lost', 'disqualified', 'claimed'],
  meeting_booked: ['meeting_booked', 'held', 'no_show', 'claimed', 'lost', 'disqualified'],
  held: ['meeting_booked', 'won', 'lost'],
  no_show: ['meeting_booked', 'lost', 'disqualified'],
  won: [],
  lost: [],
  disqualified: [],
};

export function canTransition(from: LeadStatus, to: LeadStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: LeadStatus, to: LeadStatus, what: string): void {
  if (!canTransition(from, to)) {
    throw new BatonError('ILLEGAL_TRANSITION', `cannot ${what}: the lead is ${from}`, { from, to, what });
  }
}
