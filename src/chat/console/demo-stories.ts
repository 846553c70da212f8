import type { DateTime } from 'luxon';
import type { ManualClock } from '../../core/clock.js';
import type { Lead } from '../../core/leads/lead.js';
import type { Ctx } from '../../core/ports.js';
import type { Team } from '../../core/roster/team.js';
import { claimLead } from '../../core/leads/claim-lead.js';
import { createLead } from '../../core/leads/create-lead.js';
import type { CoreDeps } from '../../core/shared/deps.js';
import { bookMeeting, recordMeetingOutcome } from '../../core/meetings/index.js';
import { recordLost, recordWon } from '../../core/deals/record-deal.js';
import { recordRenewal } from '../../core/accounts/record-renewal.js';

/** One demo lead's life, told as steps back-dated from "now" (days ago, local time of day). */
export type Story = {
  company: string;
  contact: string;
  email: string;
  value: number;
  sdr: string;
  created: number;
  meeting?: { bookedAgo: number; at: Date | number; outcome?: 'held' | 'no_show' };
  won?: { ago: number; startDate: string };
  lost?: { ago: number; reason: string };
  upsold?: { ago: number; added: number };
};

/** Runs the real use cases as the demo's people, with the clock set back to when each step happened. */
export type StoryTeller = {
  core: CoreDeps;
  clock: ManualClock;
  team: Team;
  /** "now": every step lands before it. */
  t0: DateTime;
  /** Person id by demo handle. */
  people: Map<string, string>;
};

function at(t: StoryTeller, daysAgo: number, time = '10:00'): Date {
  const [h, m] = time.split(':').map(Number);
  return t.t0.minus({ days: daysAgo }).set({ hour: h, minute: m, second: 0, millisecond: 0 }).toJSDate();
}

function ctx(t: StoryTeller, who: string, key: string, when: Date): Ctx {
  t.clock.set(when);
  return { actorId: t.people.get(who) ?? who, source: 'console', key: `demo:${key}`, now: when };
}

const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);

/** Lives one story through createLead → claim → meeting → outcome → won/lost → renewal. */
export async function tell(t: StoryTeller, s: Story): Promise<Lead> {
  const key = s.company.toLowerCase().replace(/\W+/g, '-');
  const created = at(t, s.created, '09:40');
  const scale = t.team.currency === 'RUB' ? 90 : 1;
  const r = await createLead(
    t.core,
    {
      input: {
        company: s.company,
        contactName: s.contact,
        email: s.email,
        source: 'cold_email',
        need: true,
        budget: true,
        value: { amount: s.value * scale * 100, currency: t.team.currency },
      },
    },
    ctx(t, s.sdr, `${key}:lead`, created),
  );
  if (r.status !== 'created') throw new Error(`demo lead ${s.company} was not created`);
  let lead = r.lead;
  const ae = lead.offeredTo ?? [...t.people.entries()].find(([h]) => h === 'anna')![1];
  lead = (await claimLead(t.core, { leadRef: lead.id }, ctx(t, ae, `${key}:claim`, plus(created, 4)))).lead;
  if (s.meeting) {
    const when = typeof s.meeting.at === 'number' ? at(t, s.meeting.at, '14:00') : s.meeting.at;
    const booked = { startsAt: when, durationMin: 30, timezone: t.team.timezone };
    const bookedAt = at(t, s.meeting.bookedAgo, '11:15');
    ({ lead } = await bookMeeting(
      t.core,
      { leadRef: lead.id, ...booked },
      ctx(t, s.sdr, `${key}:meet`, bookedAt),
    ));
    if (s.meeting.outcome) {
      const outcome = s.meeting.outcome;
      lead = await recordMeetingOutcome(
        t.core,
        { leadRef: lead.id, outcome },
        ctx(t, ae, `${key}:out`, plus(when, 40)),
      );
    }
  }
  if (s.won) {
    const value = { amount: s.value * scale * 100, currency: t.team.currency };
    const won = await recordWon(
      t.core,
      {
        leadRef: lead.id,
        value,
        termMonths: 12,
        startDate: s.won.startDate,
        note: 'Demo: signed the annual plan.',
      },
      ctx(t, ae, `${key}:won`, at(t, s.won.ago, '16:30')),
    );
    lead = won.lead;
    if (s.upsold && won.account.amId) {
      const added = { amount: s.upsold.added * scale * 100, currency: t.team.currency };
      await recordRenewal(
        t.core,
        {
          accountId: won.account.id,
          periodEnd: won.account.contract.endDate,
          action: { kind: 'upsold', added },
        },
        ctx(t, won.account.amId, `${key}:renewal`, at(t, s.upsold.ago, '12:00')),
      );
    }
  }
  if (s.lost) {
    const when = at(t, s.lost.ago, '15:00');
    lead = await recordLost(
      t.core,
      { leadRef: lead.id, reason: s.lost.reason },
      ctx(t, ae, `${key}:lost`, when),
    );
  }
  return lead;
}
