import { DateTime } from 'luxon';
import type { Story } from './demo-stories.js';

/** The demo's leads: old wins whose renewals come up soon, and the last two weeks' pipeline. */
export function demoStories(t0: DateTime): Story[] {
  // A 12-month contract starting on `startDate` ends the day before its anniversary.
  const startFor = (endsInDays: number) =>
    t0
      .plus({ days: endsInDays + 1 })
      .minus({ months: 12 })
      .toISODate()!;
  const daysAgo = (iso: string) =>
    Math.round(t0.startOf('day').diff(DateTime.fromISO(iso, { zone: t0.zone }), 'days').days);
  const wonOn = (endsInDays: number) => ({
    ago: daysAgo(startFor(endsInDays)),
    startDate: startFor(endsInDays),
  });
  // Old wins: created nine days before the contract started, met and won on the way.
  const oldWin = (endsInDays: number) => {
    const won = wonOn(endsInDays);
    const meeting = { bookedAgo: won.ago + 9, at: won.ago + 6, outcome: 'held' as const };
    return { created: won.ago + 9, meeting, won };
  };
  const nextMeeting = t0.plus({ hours: 26 }).startOf('hour').toJSDate();
  // Deals closed in the last months: enough of them for the forecast's measured conversions.
  const closed = (
    company: string,
    contact: string,
    value: number,
    createdAgo: number,
    won: boolean,
  ): Story => {
    const ago = createdAgo - 8;
    return {
      company,
      contact,
      email: `${contact.split(' ')[0]!.toLowerCase()}@${company.toLowerCase().replace(/\W+/g, '-')}.example`,
      value,
      sdr: createdAgo % 2 ? 'sam' : 'sofia',
      created: createdAgo,
      meeting: { bookedAgo: createdAgo, at: createdAgo - 3, outcome: 'held' },
      ...(won
        ? { won: { ago, startDate: t0.minus({ days: ago }).toISODate()! } }
        : { lost: { ago, reason: 'competitor' } }),
    };
  };
  return [
    // Renewal in 31 days: its 30-day nudge comes tomorrow at the digest time.
    {
      company: 'Globex',
      contact: 'Hank Scorpio',
      email: 'hank@globex.example',
      value: 48000,
      sdr: 'sam',
      ...oldWin(31),
    },
    // Renewal in 16 days: the 30-day nudge went unanswered, the 14-day one comes in two days.
    {
      company: 'Initech',
      contact: 'Bill Lumbergh',
      email: 'bill@initech.example',
      value: 24000,
      sdr: 'sofia',
      ...oldWin(16),
    },
    // Renewed early with an upsell four days ago (it was due to end in five days).
    {
      company: 'Umbrella Corp',
      contact: 'Albert Wesker',
      email: 'albert@umbrella.example',
      value: 30000,
      sdr: 'sam',
      ...oldWin(5),
      upsold: { ago: 4, added: 6000 },
    },
    {
      company: 'Acme Robotics',
      contact: 'Wile Coyote',
      email: 'wile@acme-robotics.example',
      value: 36000,
      sdr: 'sam',
      created: 9,
      meeting: { bookedAgo: 9, at: 7, outcome: 'held' },
      won: { ago: 3, startDate: t0.minus({ days: 3 }).toISODate()! },
    },
    {
      company: 'Stark Industries',
      contact: 'Pepper Potts',
      email: 'pepper@stark.example',
      value: 60000,
      sdr: 'sofia',
      created: 12,
      meeting: { bookedAgo: 12, at: 10, outcome: 'held' },
      lost: { ago: 5, reason: 'price' },
    },
    {
      company: 'Hooli',
      contact: 'Gavin Belson',
      email: 'gavin@hooli.example',
      value: 18000,
      sdr: 'sofia',
      created: 8,
      meeting: { bookedAgo: 8, at: 6, outcome: 'no_show' },
    },
    // A meeting tomorrow: reminders, then the outcome prompt with Held / No-show buttons.
    {
      company: 'Wayne Enterprises',
      contact: 'Lucius Fox',
      email: 'lucius@wayne.example',
      value: 42000,
      sdr: 'sam',
      created: 4,
      meeting: { bookedAgo: 3, at: nextMeeting },
    },
    {
      company: 'Soylent',
      contact: 'Sol Roth',
      email: 'sol@soylent.example',
      value: 12000,
      sdr: 'sofia',
      created: 1,
    },
    closed('Initrode', 'Michael Bolton', 20000, 151, true),
    closed('Vandelay Industries', 'Art Vandelay', 15000, 120, false),
    closed('Cyberdyne Systems', 'Miles Dyson', 52000, 95, true),
    closed('Tyrell Corp', 'Eldon Tyrell', 33000, 60, true),
    closed('Oscorp', 'Norman Osborn', 27000, 41, false),
  ];
}
