import type { Lead } from '../leads/lead.js';
import { inWindow, type Window } from './period.js';
import { ratio, type Tallies } from './stats.js';

/**
 * An SDR's numbers for one window. The SDR of a lead is its creator (`createdBy`); the SDR of a
 * meeting is whoever booked it (`bookedBy`).
 */
export type SdrStats = {
  /** Leads created in the window. */
  leadsCreated: number;
  /** Meetings booked in the window (by booking time; a rescheduled meeting counts once). */
  meetingsBooked: number;
  /** Meetings whose outcome "held" was recorded in the window. */
  meetingsHeld: number;
  /** Meetings whose outcome "no-show" was recorded in the window. */
  noShows: number;
  /** held / (held + no-show); null when neither happened. */
  showRate: number | null;
  /** Of the leads created in the window, how many have had at least one meeting booked (by now). */
  leadsWithMeeting: number;
  /** leadsWithMeeting / leadsCreated (lead → meeting conversion); null when no leads were created. */
  leadToMeeting: number | null;
};

/** Running SDR counters (the stats without the ratios). */
export type SdrTally = Omit<SdrStats, 'showRate' | 'leadToMeeting'>;

/** Fresh SDR counters. */
export function newSdrTally(): SdrTally {
  return { leadsCreated: 0, meetingsBooked: 0, meetingsHeld: 0, noShows: 0, leadsWithMeeting: 0 };
}

function bump(t: Tallies<SdrTally>, personId: string, key: keyof SdrTally): void {
  t.person(personId)[key]++;
  t.team[key]++;
}

/** Counts one lead's SDR facts that fall in the window `w`. */
export function observeSdr(lead: Lead, w: Window, t: Tallies<SdrTally>): void {
  if (inWindow(w, lead.createdAt)) {
    bump(t, lead.createdBy, 'leadsCreated');
    if (lead.meetings.length > 0) bump(t, lead.createdBy, 'leadsWithMeeting');
  }
  for (const m of lead.meetings) {
    if (inWindow(w, m.bookedAt)) bump(t, m.bookedBy, 'meetingsBooked');
    if (m.status === 'held' && inWindow(w, m.outcomeAt)) bump(t, m.bookedBy, 'meetingsHeld');
    else if (m.status === 'no_show' && inWindow(w, m.outcomeAt)) bump(t, m.bookedBy, 'noShows');
  }
}

/** The counters with their ratios. */
export function sdrStats(t: SdrTally): SdrStats {
  return {
    ...t,
    showRate: ratio(t.meetingsHeld, t.meetingsHeld + t.noShows),
    leadToMeeting: ratio(t.leadsWithMeeting, t.leadsCreated),
  };
}

/** Whether the counters show any SDR activity. */
export function hasSdrActivity(t: SdrTally): boolean {
  return t.leadsCreated + t.meetingsBooked + t.meetingsHeld + t.noShows > 0;
}
