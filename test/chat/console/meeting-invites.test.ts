// Calendar invites in the console workspace: each meeting notice's iCalendar file lands in the
// recipient's folder under the console's file folder, and the console says where.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInvite } from '../../support/ical.js';
import { createConsoleHarness, type ConsoleHarness } from './harness.js';

let h: ConsoleHarness;
beforeAll(async () => {
  h = await createConsoleHarness();
});
afterAll(async () => {
  await h.close();
});

describe('calendar invites in the console', () => {
  it('writes the invite, the update and the cancellation into the AE’s and the SDR’s folders', async () => {
    await h.type(
      'as @boss',
      '/team setup Northwind',
      '/team add Sam Seller @sam sdr email=sam@northwind.example',
      '/team add Anna Closer @anna ae email=anna@northwind.example',
    );
    await h.type('as @sam', '/lead Acme; Jane Doe; jane@acme.com');
    await h.type('as @anna', '/lead claim L-1');
    const booked = await h.type('as @sam', '/meeting L-1 tomorrow 10:00');
    const file = (who: string, name: string) => join(h.filesDir, who, name);
    for (const who of ['sam', 'anna']) {
      expect(booked).toContain(`(file: 📅 Calendar invite: L-1 Acme — ${file(who, 'meeting-L-1.ics')})`);
      const invite = parseInvite(readFileSync(file(who, 'meeting-L-1.ics')));
      expect(invite).toMatchObject({
        method: 'REQUEST',
        sequence: 0,
        summary: 'Meeting: Acme · Jane Doe (L-1)',
      });
      // The harness starts on Monday 6 Sep 2027 08:00 UTC; the team's zone is UTC.
      expect(invite.start.toISOString()).toBe('2027-09-07T10:00:00.000Z');
      // The console's messages have no links: the invite names the lead, without a URL.
      expect(invite.url).toBeUndefined();
      expect(invite.description).toContain('Lead L-1: Acme');
    }

    await h.type('/meeting reschedule L-1 wed 15:00');
    await h.type('/meeting cancel L-1');
    for (const who of ['sam', 'anna']) {
      expect(readdirSync(join(h.filesDir, who)).sort()).toEqual([
        'meeting-L-1-1.ics',
        'meeting-L-1-2.ics',
        'meeting-L-1.ics',
      ]);
      const moved = parseInvite(readFileSync(file(who, 'meeting-L-1-1.ics')));
      const cancelled = parseInvite(readFileSync(file(who, 'meeting-L-1-2.ics')));
      expect(moved).toMatchObject({ method: 'REQUEST', sequence: 1 });
      expect(moved.start.toISOString()).toBe('2027-09-08T15:00:00.000Z');
      expect(cancelled).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', sequence: 2, uid: moved.uid });
    }
    expect(existsSync(join(h.filesDir, 'boss'))).toBe(false);
  });

  it('gives the lead’s SDR the files of a meeting the AE books, moves and cancels', async () => {
    await h.type('as @sam', '/lead Globex; Hank Scorpio; hank@globex.example');
    await h.type('as @anna', '/lead claim L-2', '/meeting L-2 tomorrow 11:00');
    await h.type('/meeting reschedule L-2 wed 11:00', '/meeting cancel L-2');
    for (const who of ['sam', 'anna']) {
      const names = readdirSync(join(h.filesDir, who)).filter((n) => n.startsWith('meeting-L-2'));
      expect(names.sort()).toEqual(['meeting-L-2-1.ics', 'meeting-L-2-2.ics', 'meeting-L-2.ics']);
      const booked = parseInvite(readFileSync(join(h.filesDir, who, 'meeting-L-2.ics')));
      const cancelled = parseInvite(readFileSync(join(h.filesDir, who, 'meeting-L-2-2.ics')));
      expect(booked).toMatchObject({ method: 'REQUEST', sequence: 0 });
      expect(booked.attendees.map((a) => a.email)).toEqual([
        'anna@northwind.example',
        'sam@northwind.example',
      ]);
      expect(cancelled).toMatchObject({ method: 'CANCEL', sequence: 2, uid: booked.uid });
    }
    expect(existsSync(join(h.filesDir, 'boss'))).toBe(false);
  });

  it('moves a meeting with its lead: the new AE gets the invite, the old AE a cancellation', async () => {
    await h.type('as @boss', '/team add Bob Closer @bob ae email=bob@northwind.example');
    await h.type('as @sam', '/lead Initech; Bill Lumbergh; bill@initech.example');
    await h.type('as @anna', '/lead claim L-3');
    await h.type('as @sam', '/meeting L-3 tomorrow 12:00');
    await h.type('as @boss', '/lead reassign L-3 @bob');
    const read = (who: string, name: string) => parseInvite(readFileSync(join(h.filesDir, who, name)));
    const booked = read('anna', 'meeting-L-3.ics');
    const bob = read('bob', 'meeting-L-3-1.ics');
    const anna = read('anna', 'meeting-L-3-1.ics');
    expect(bob).toMatchObject({ method: 'REQUEST', status: 'CONFIRMED', sequence: 1, uid: booked.uid });
    expect(bob.organizer?.email).toBe('bob@northwind.example');
    expect(bob.start.toISOString()).toBe(booked.start.toISOString());
    expect(anna).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', sequence: 1, uid: booked.uid });
    // The SDR is still on the meeting: nothing to cancel for them.
    expect(existsSync(join(h.filesDir, 'sam', 'meeting-L-3-1.ics'))).toBe(false);

    // Moved afterwards, the meeting is the new AE's: Bob is told, Anna is not.
    await h.type('as @sam', '/meeting reschedule L-3 wed 12:00');
    expect(read('bob', 'meeting-L-3-2.ics')).toMatchObject({ method: 'REQUEST', sequence: 2 });
    expect(existsSync(join(h.filesDir, 'anna', 'meeting-L-3-2.ics'))).toBe(false);
  });

  it('moves a meeting to the successor of an AE who is deactivated', async () => {
    await h.type('as @sam', '/lead Hooli; Gavin Belson; gavin@hooli.example');
    await h.type('as @anna', '/lead claim L-4');
    await h.type('as @sam', '/meeting L-4 tomorrow 14:00');
    const out = await h.type('as @boss', '/team deactivate @anna --to @bob');
    const read = (who: string, name: string) => parseInvite(readFileSync(join(h.filesDir, who, name)));
    const booked = read('anna', 'meeting-L-4.ics');
    const bob = read('bob', 'meeting-L-4-1.ics');
    expect(out).toContain(
      `(file: 📅 Calendar invite: L-4 Hooli — ${join(h.filesDir, 'bob', 'meeting-L-4-1.ics')})`,
    );
    expect(bob).toMatchObject({ method: 'REQUEST', sequence: 1, uid: booked.uid });
    expect(bob.organizer?.email).toBe('bob@northwind.example');
    expect(bob.start.toISOString()).toBe(booked.start.toISOString());
  });
});
