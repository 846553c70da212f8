import { describe, expect, it } from '@jest/globals';
import { addWorkingMinutes, isWorkingTime, nextLocalTime, nextWorkingStart } from '../../src/core/time.js';
import { newTeam } from '../../src/core/roster/team.js';
import { slaDue } from '../../src/core/leads/offers.js';

const berlin = { timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };

describe('working time', () => {
  it('knows working hours in the schedule’s own zone', () => {
    expect(isWorkingTime(berlin, new Date('2026-12-01T08:30:00Z'))).toBe(true); // Tue 09:30 Berlin
    expect(isWorkingTime(berlin, new Date('2026-12-01T17:30:00Z'))).toBe(false); // 18:30
    expect(isWorkingTime(berlin, new Date('2026-12-05T10:00:00Z'))).toBe(false); // Saturday
  });

  it('adds minutes of working time across the evening and the weekend', () => {
    // Fri 17:50 Berlin + 15 working minutes → Mon 09:05 Berlin
    expect(addWorkingMinutes(berlin, new Date('2026-12-04T16:50:00Z'), 15).toISOString()).toBe(
      '2026-12-07T08:05:00.000Z',
    );
    // Before opening: starts counting at 09:00
    expect(addWorkingMinutes(berlin, new Date('2026-12-01T06:00:00Z'), 5).toISOString()).toBe(
      '2026-12-01T08:05:00.000Z',
    );
  });

  it('is correct on the daylight-saving switch', () => {
    // Fri 27 Mar 2026 17:55 CET + 10 min → Mon 30 Mar 09:05 CEST (07:05 UTC)
    expect(addWorkingMinutes(berlin, new Date('2026-03-27T16:55:00Z'), 10).toISOString()).toBe(
      '2026-03-30T07:05:00.000Z',
    );
    expect(
      nextLocalTime(
        'Europe/Berlin',
        '09:00',
        [1, 2, 3, 4, 5],
        new Date('2026-03-27T09:00:00Z'),
      ).toISOString(),
    ).toBe('2026-03-30T07:00:00.000Z');
  });

  it('counts claim SLA windows in working time only when the team asks for it', () => {
    const team = newTeam({
      id: 't',
      name: 'T',
      timezone: 'Europe/Berlin',
      locale: 'en',
      createdAt: new Date(),
    });
    const offeredFriEvening = new Date('2026-12-04T16:55:00Z'); // Fri 17:55 Berlin
    expect(slaDue(team, offeredFriEvening, 15).toISOString()).toBe('2026-12-04T17:10:00.000Z');
    const hoursOnly = { ...team, claimSla: { ...team.claimSla, workingHoursOnly: true } };
    expect(slaDue(hoursOnly, offeredFriEvening, 15).toISOString()).toBe('2026-12-07T08:10:00.000Z');
  });

  it('opens at 09:00 local on the day the clock springs forward (not 09:00 + the lost hour)', () => {
    const everyDay = { ...berlin, days: [1, 2, 3, 4, 5, 6, 7] };
    // Sun 29 Mar 2026, 01:00 CET (00:00 UTC): the clocks go to summer time at 02:00.
    const night = new Date('2026-03-29T00:00:00Z');
    expect(addWorkingMinutes(everyDay, night, 5).toISOString()).toBe('2026-03-29T07:05:00.000Z');
    expect(nextWorkingStart(everyDay, night)?.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    // New York springs forward on Sun 8 Mar 2026.
    const ny = { timezone: 'America/New_York', days: [7], start: '09:00', end: '17:00' };
    expect(nextWorkingStart(ny, new Date('2026-03-08T05:00:00Z'))?.toISOString()).toBe(
      '2026-03-08T13:00:00.000Z',
    );
  });

  it('finds the next start of working time: now inside hours, else the next opening', () => {
    const tue0930 = new Date('2026-12-01T08:30:00Z');
    expect(nextWorkingStart(berlin, tue0930)?.toISOString()).toBe(tue0930.toISOString());
    // Tue 21:05 Berlin → Wed 09:00
    expect(nextWorkingStart(berlin, new Date('2026-12-01T20:05:00Z'))?.toISOString()).toBe(
      '2026-12-02T08:00:00.000Z',
    );
    // Fri 18:00 (closing time is outside) → Mon 09:00
    expect(nextWorkingStart(berlin, new Date('2026-12-04T17:00:00Z'))?.toISOString()).toBe(
      '2026-12-07T08:00:00.000Z',
    );
    expect(nextWorkingStart({ ...berlin, days: [] }, tue0930)).toBeNull();
  });
});
