import type { Lead } from '../leads/lead.js';

/**
 * One definition per lead-level metric. Cards, direct messages, `/kpi`, digests and exports all
 * read these functions (or facts computed from them), so a number shown in two places cannot
 * disagree.
 */

/**
 * When the lead was first put before the AEs: its first offer, or — for a lead that was never
 * offered (it waited in the team queue and was claimed from there, or a manager assigned it) —
 * its creation, the moment it entered the queue.
 */
export function claimableSince(lead: Pick<Lead, 'offers' | 'createdAt'>): Date {
  return new Date(lead.offers[0]?.at ?? lead.createdAt);
}

/** A lead's claim: who owns it, when it first got an owner, and how long that took. */
export type LeadClaim = {
  ownerId: string;
  at: Date;
  /**
   * Speed to claim, in exact minutes: from {@link claimableSince} to the claim, whoever claimed
   * it and however many offers it took (a lead claimed on its third offer counts the time of all
   * three). Rounded only for display.
   */
  minutes: number;
};

/**
 * The claim of a lead, or null while nobody has it. A lead is claimed from the moment it first
 * got an owner — an AE claiming it (from an offer or the queue) or a manager assigning it — and
 * stays claimed after later reassignments (the owner is whoever owns it now).
 */
export function leadClaim(
  lead: Pick<Lead, 'offers' | 'createdAt' | 'claimedAt' | 'ownerId'>,
): LeadClaim | null {
  if (!lead.claimedAt || !lead.ownerId) return null;
  const at = new Date(lead.claimedAt);
  const minutes = Math.max(0, (at.getTime() - claimableSince(lead).getTime()) / 60_000);
  return { ownerId: lead.ownerId, at, minutes };
}

/** Whether the lead has ever been claimed (the funnel's and the forecast's "claimed" stage). */
export function wasClaimed(lead: Pick<Lead, 'claimedAt'>): boolean {
  return Boolean(lead.claimedAt);
}
