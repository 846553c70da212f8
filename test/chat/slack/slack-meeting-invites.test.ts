// Calendar invites on Slack, end to end: /meeting books, moves and cancels a meeting; the AE and
// the SDR each get the notice and, after it in the same DM, an iCalendar file through the upload
// flow (files.getUploadURLExternal → bytes → files.completeUploadExternal). Every file is read
// back with ical.js: one UID for the meeting, SEQUENCE rising, times right on both sides of New
// York's switch to summer time (14 March 2027), a long company name with commas, a backslash,
// quotes and accents folded and escaped, METHOD:CANCEL and STATUS:CANCELLED at the end.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { blockAction, dmChannelFor, postToApp } from '../../fakes/slack/index.js';
import { parseInvite, type ParsedInvite } from '../../support/ical.js';
import { buttonsOf, LEADS_CHANNEL, startHarness, textOf, type Harness } from './harness.js';

const SDR = 'U0SAM';
const AE = 'U0ANNA';
const COMPANY = 'Smith, Jones \\ Partners “Ünïcødé” Research, Development and Holdings GmbH — Zürich';

describe('calendar invites on Slack', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      start: '2027-03-01T09:00:00Z',
      members: [
        {
          id: SDR,
          name: 'sam',
          real_name: 'Sam Seller',
          roles: ['sdr'],
          tz: 'Europe/Berlin',
          email: 'sam@northwind.example',
        },
        {
          id: AE,
          name: 'anna',
          real_name: 'Novak, Anna',
          roles: ['ae'],
          tz: 'America/New_York',
          email: 'anna@northwind.example',
        },
      ],
    });
  });
  afterAll(() => h.close());

  /** The .ics files shared in a person's DM so far, parsed, in the order they were shared. */
  const invites = (user: string): (ParsedInvite & { name: string })[] =>
    h.fake
      .messagesIn(user)
      .flatMap((m) => m.files ?? [])
      .filter((f) => f.name.endsWith('.ics'))
      .map((f) => ({ name: f.name, ...parseInvite(h.fake.uploadedFile(f.id)!.data!) }));

  const command = async (user: string, text: string) => {
    await h.command(user, '/meeting', text);
    await h.settle();
  };

  it('books, reschedules across the DST switch and cancels: one file per notice, each read by a real parser', async () => {
    await h.command(SDR, '/lead', `${COMPANY}; Jane Doe, CTO; jane@acme.example; +1 555 0100; inbound`);
    await h.settle();
    const offer = h.fake.lastMessageTo(AE)!;
    const claim = buttonsOf(offer).find((id) => id.startsWith('lead.claim:'))!;
    await postToApp(
      h.url,
      'interaction',
      blockAction(h.fake, { user: AE, message: offer, actions: [{ action_id: claim }] }),
    );
    await h.settle();

    // Booked for 10:00 New York on 15 March: after the switch, so EDT (UTC−4), 14:00 UTC.
    await command(SDR, 'L-1 2027-03-15 10:00 45m America/New_York');
    // The lead link: the card in the leads channel, by Slack's permalink.
    const card = h.fake.messagesIn(LEADS_CHANNEL).find((m) => textOf(m).includes('L-1'))!;
    const link = `https://${h.fake.team.domain}.slack.com/archives/${LEADS_CHANNEL}/p${card.ts.replace('.', '')}`;
    const [aeBooked] = invites(AE);
    const [sdrBooked] = invites(SDR);
    for (const invite of [aeBooked!, sdrBooked!]) {
      expect(invite.name).toBe('meeting-L-1.ics');
      expect(invite).toMatchObject({ method: 'REQUEST', status: 'CONFIRMED', sequence: 0, startZone: 'UTC' });
      expect(invite.start.toISOString()).toBe('2027-03-15T14:00:00.000Z');
      expect(invite.end.toISOString()).toBe('2027-03-15T14:45:00.000Z');
      expect(invite.summary).toBe(`Meeting: ${COMPANY} · Jane Doe (L-1)`);
      expect(invite.description).toContain(`Lead L-1: ${COMPANY}`);
      expect(invite.description).toContain('Contact: Jane Doe, CTO');
      expect(invite.description).toContain('Email: jane@acme.example');
      expect(invite.description).toContain('AE: Novak, Anna. Booked by: Sam Seller.');
      expect(invite.description).toMatch(/Booked for Mon 15 Mar, 10:00 \(New York\), 45 min\./);
      expect(invite.url).toBe(link);
      expect(invite.description).toContain(`Lead card: ${link}`);
      expect(invite.organizer).toEqual({ email: 'anna@northwind.example', cn: 'Novak, Anna' });
      expect(invite.attendees.map((a) => a.email)).toEqual([
        'anna@northwind.example',
        'sam@northwind.example',
      ]);
      // The long summary and description were folded (and still read back whole above).
      expect(invite.raw).toMatch(/\r\n /);
    }
    expect(aeBooked!.uid).toBe(sdrBooked!.uid);
    // The file follows its notice in the DM.
    const dm = h.fake.messagesIn(AE);
    const fileAt = dm.findIndex((m) => m.files?.some((f) => f.name === 'meeting-L-1.ics'));
    expect(textOf(dm[fileAt - 1])).toContain('📅');
    expect(
      h.fake.calls('files.completeUploadExternal').filter((c) => c.args.channel_id === dmChannelFor(AE)),
    ).toHaveLength(1);

    // Moved to 12 March, 10:00 New York: before the switch, EST (UTC−5), 15:00 UTC.
    await command(SDR, 'reschedule L-1 2027-03-12 10:00 45m America/New_York');
    for (const user of [AE, SDR]) {
      const [booked, moved] = invites(user);
      expect(moved).toMatchObject({
        name: 'meeting-L-1-1.ics',
        method: 'REQUEST',
        uid: booked!.uid,
        sequence: 1,
      });
      expect(moved!.start.toISOString()).toBe('2027-03-12T15:00:00.000Z');
      expect(moved!.end.toISOString()).toBe('2027-03-12T15:45:00.000Z');
      expect(moved!.description).toMatch(/Booked for Fri 12 Mar, 10:00 \(New York\), 45 min\./);
    }

    await command(AE, 'cancel L-1');
    for (const user of [AE, SDR]) {
      const all = invites(user);
      expect(all.map((i) => i.name)).toEqual(['meeting-L-1.ics', 'meeting-L-1-1.ics', 'meeting-L-1-2.ics']);
      const cancelled = all[2]!;
      expect(cancelled).toMatchObject({
        method: 'CANCEL',
        status: 'CANCELLED',
        uid: all[0]!.uid,
        sequence: 2,
      });
      expect(cancelled.start.toISOString()).toBe('2027-03-12T15:00:00.000Z');
      expect(new Set(all.map((i) => i.uid)).size).toBe(1);
    }

    // Card edits (the booking message follows the meeting) uploaded nothing more: six files in all.
    await h.settle();
    expect(h.fake.calls('files.completeUploadExternal')).toHaveLength(6);
    h.fake.expectNoViolations();
  });

  it('a meeting the AE books themselves still reaches the lead’s SDR, with its update and cancellation', async () => {
    const uploadsBefore = h.fake.calls('files.completeUploadExternal').length;
    const before: Record<string, number> = { [AE]: invites(AE).length, [SDR]: invites(SDR).length };
    await h.command(SDR, '/lead', 'Globex; Hank Scorpio; hank@globex.example');
    await h.settle();
    const offer = h.fake.lastMessageTo(AE)!;
    const claim = buttonsOf(offer).find((id) => id.startsWith('lead.claim:'))!;
    await postToApp(
      h.url,
      'interaction',
      blockAction(h.fake, { user: AE, message: offer, actions: [{ action_id: claim }] }),
    );
    await h.settle();

    await command(AE, 'L-2 2027-03-16 11:00 30m America/New_York');
    // The SDR, who did not book it, is told too: the notice, then the file, in the SDR's DM.
    const dm = h.fake.messagesIn(SDR);
    const fileAt = dm.findIndex((m) => m.files?.some((f) => f.name === 'meeting-L-2.ics'));
    expect(fileAt).toBeGreaterThan(0);
    expect(textOf(dm[fileAt - 1])).toMatch(/📅 Meeting for L-2 Globex: .*Booked by .*Anna/);
    await command(AE, 'reschedule L-2 2027-03-17 11:00 30m America/New_York');
    await command(AE, 'cancel L-2');
    for (const user of [AE, SDR]) {
      const mine = invites(user).slice(before[user]);
      expect(mine.map((i) => [i.name, i.method, i.sequence])).toEqual([
        ['meeting-L-2.ics', 'REQUEST', 0],
        ['meeting-L-2-1.ics', 'REQUEST', 1],
        ['meeting-L-2-2.ics', 'CANCEL', 2],
      ]);
      expect(new Set(mine.map((i) => i.uid)).size).toBe(1);
      expect(mine[0]!.start.toISOString()).toBe('2027-03-16T15:00:00.000Z');
      expect(mine[1]!.start.toISOString()).toBe('2027-03-17T15:00:00.000Z');
      expect(mine[0]!.description).toContain('AE: Novak, Anna. Booked by: Novak, Anna.');
      // The SDR is on the invite as well as the AE, once each.
      expect(mine[0]!.attendees.map((a) => a.email)).toEqual([
        'anna@northwind.example',
        'sam@northwind.example',
      ]);
    }
    // One file per notice: three each for the AE and the SDR.
    expect(h.fake.calls('files.completeUploadExternal')).toHaveLength(uploadsBefore + 6);
    h.fake.expectNoViolations();
  });
});
