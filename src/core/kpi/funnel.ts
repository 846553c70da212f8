import type { Lead } from '../leads/lead.js';
import { inWindow, type Window } from './period.js';
import { wasClaimed } from './definitions.js';
import { ratio } from './stats.js';

/** Funnel stages, in order. */
export const FUNNEL_STAGES = ['created', 'claimed', 'meeting_booked', 'held', 'won'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/**
 * The funnel of the leads created in a window (a cohort), as they stand now: how many were
 * created, claimed by an AE, got a meeting booked, had a meeting held, and were won.
 */
export type Funnel = {
  stages: {
    stage: FunnelStage;
    count: number;
    /** count / the previous stage's count (null for the first stage or when that is 0). */
    fromPrevious: number | null;
    /** count / created (null when nothing was created). */
    fromCreated: number | null;
  }[];
};

/** Running funnel counters, one per stage. */
export type FunnelTally = Record<FunnelStage, number>;

/** Fresh funnel counters. */
export function newFunnelTally(): FunnelTally {
  return { created: 0, claimed: 0, meeting_booked: 0, held: 0, won: 0 };
}

/** Counts a lead into the funnel when it was created in `w`. */
export function observeFunnel(lead: Lead, w: Window, t: FunnelTally): void {
  if (!inWindow(w, lead.createdAt)) return;
  t.created++;
  if (wasClaimed(lead)) t.claimed++;
  if (lead.meetings.length > 0) t.meeting_booked++;
  if (lead.meetings.some((m) => m.status === 'held')) t.held++;
  if (lead.status === 'won') t.won++;
}

/** The counters with their stage-to-stage conversions. */
export function funnel(t: FunnelTally): Funnel {
  return {
    stages: FUNNEL_STAGES.map((stage, i) => {
      const before = i > 0 ? FUNNEL_STAGES[i - 1] : undefined;
      return {
        stage,
        count: t[stage],
        fromPrevious: before ? ratio(t[stage], t[before]) : null,
        fromCreated: ratio(t[stage], t.created),
      };
    }),
  };
}
