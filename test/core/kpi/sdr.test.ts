import { describe, expect, it } from '@jest/globals';
import { personKpis, teamKpis } from '../../../src/core/kpi/accumulator.js';
import { periodWindow } from '../../../src/core/kpi/period.js';
import { ago, lead, meeting, NOW, person } from './fixtures.js';

const opts = { window: periodWindow('week', NOW, 'UTC'), now: NOW, currency: 'USD' };

// Current window: [8 Jun 12:00, 15 Jun 12:15) (now included); previous: [1 Jun 12:00, 8 Jun 12:00).
const leads = [
  // created now-ish by sdr1, meeting booked and held this week
  lead({
    createdAt: ago(1),
    meetings: [meeting({ bookedAt: ago(1), status: 'held', outcomeAt: ago(0, 30) })],
  }),
  // created, no meeting
  lead({ createdAt: ago(2) }),
  // created by sdr1, meeting booked by sdr2, who saw a no-show
  lead({
    createdAt: ago(3),
    meetings: [meeting({ bookedBy: 'sdr2', bookedAt: ago(2), status: 'no_show', outcomeAt: ago(1) })],
  }),
  // created by sdr1, meeting booked then cancelled: booked counts, held does not
  lead({ createdAt: ago(3), meetings: [meeting({ bookedAt: ago(3), status: 'cancelled' })] }),
  // previous window: created, booked and held
  lead({ createdAt: ago(10), meetings: [meeting({ bookedAt: ago(9), status: 'held', outcomeAt: ago(8) })] }),
  // old lead: meeting booked last week, held this week
  lead({ createdAt: ago(20), meetings: [meeting({ bookedAt: ago(9), status: 'held', outcomeAt: ago(2) })] }),
  // exactly at the boundary between the windows: belongs to the current one
  lead({ createdBy: 'sdr3', createdAt: ago(7) }),
  // exactly "now" counts (a report asked for right after a lead must include it)…
  lead({ createdBy: 'sdr3', createdAt: NOW }),
  // …what comes after the quarter-hour holding now does not (windows are whole quarter-hours)
  lead({ createdBy: 'sdr3', createdAt: new Date(NOW.getTime() + 15 * 60_000) }),
];

describe('SDR numbers', () => {
  it('counts leads, meetings booked/held/no-show, show rate and lead→meeting for the creator and booker', () => {
    const r = personKpis({ person: person('sdr1', ['sdr']), leads, accounts: [] }, opts);
    expect(r.roles.sdr?.current).toEqual({
      leadsCreated: 4,
      meetingsBooked: 2,
      meetingsHeld: 2,
      noShows: 0,
      showRate: 1,
      leadsWithMeeting: 3,
      leadToMeeting: 0.75,
    });
    expect(r.roles.sdr?.previous).toEqual({
      leadsCreated: 1,
      meetingsBooked: 2,
      meetingsHeld: 1,
      noShows: 0,
      showRate: 1,
      leadsWithMeeting: 1,
      leadToMeeting: 1,
    });
    expect(r.roles.ae).toBeUndefined();
  });

  it('credits meetings to whoever booked them', () => {
    const r = personKpis({ person: person('sdr2', ['sdr']), leads, accounts: [] }, opts);
    expect(r.roles.sdr?.current).toMatchObject({
      leadsCreated: 0,
      meetingsBooked: 1,
      meetingsHeld: 0,
      noShows: 1,
      showRate: 0,
      leadToMeeting: null,
    });
  });

  it('starts the window at its first instant and ends it with the quarter-hour of now, now included', () => {
    const r = personKpis({ person: person('sdr3', ['sdr']), leads, accounts: [] }, opts);
    expect(r.roles.sdr?.current.leadsCreated).toBe(2);
    expect(r.roles.sdr?.previous.leadsCreated).toBe(0);
  });

  it('sums the team', () => {
    const r = teamKpis({ teamId: 'team_1', leads, accounts: [], people: [person('sdr1', ['sdr'])] }, opts);
    expect(r.totals.sdr.current).toMatchObject({
      leadsCreated: 6,
      meetingsBooked: 3,
      meetingsHeld: 2,
      noShows: 1,
      leadsWithMeeting: 3,
    });
    expect(r.totals.sdr.current.showRate).toBeCloseTo(2 / 3);
    expect(r.totals.sdr.current.leadToMeeting).toBeCloseTo(3 / 6);
  });

  it('gives nulls, never NaN, without data', () => {
    const r = personKpis({ person: person('sdr1', ['sdr']), leads: [], accounts: [] }, opts);
    expect(r.roles.sdr?.current).toEqual({
      leadsCreated: 0,
      meetingsBooked: 0,
      meetingsHeld: 0,
      noShows: 0,
      showRate: null,
      leadsWithMeeting: 0,
      leadToMeeting: null,
    });
  });
});
