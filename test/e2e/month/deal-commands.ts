// The deal side of the month: meetings booked, held, and won (with the account and its renewals).
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { snapshot } from './invariants.js';
import { MANAGER, SDR, type MLead, type Model } from './model.js';
import { expectMatch, nowOf, nth, OnLead, type Cmd, type Real } from './step.js';

export class Book extends OnLead {
  protected override applies(m: Readonly<Model>) {
    return m.leads.some((l) => l.state === 'owned' && !l.meeting);
  }
  async act(m: Model, r: Real) {
    const lead = nth(
      m.leads.filter((l) => l.state === 'owned' && !l.meeting),
      this.i,
    );
    const out = await r.w.as(SDR, `/meeting L-${lead.n} tomorrow 10:00`);
    expectMatch(out, new RegExp(`Booked: L-${lead.n} `), 'a booked meeting');
    const zone = m.people.get(SDR)!.zone;
    const at = DateTime.fromMillis(nowOf(r), { zone }).plus({ days: 1 }).set({ hour: 10, minute: 0 });
    lead.meeting = { startsAt: at.toMillis(), held: false };
  }
  toString() {
    return `book(${this.i})`;
  }
}

/** The AE presses Held on the outcome prompt (sent half an hour after the meeting's start). */
class Held extends OnLead {
  protected override applies(m: Readonly<Model>) {
    return m.leads.some((l) => l.state === 'owned' && l.meeting && !l.meeting.held);
  }
  async act(m: Model, r: Real) {
    const lead = nth(
      m.leads.filter((l) => l.state === 'owned' && l.meeting && !l.meeting.held),
      this.i,
    );
    const real = (await snapshot(r.w)).leads.get(lead.n)!;
    const held = [...r.w.buttons]
      .reverse()
      .find((b) => b.button.label === 'Held' && b.button.action.ref.includes(real.id));
    if (!held) return;
    const out = await r.w.as(lead.owner!, `press ${held.n}`);
    if (nowOf(r) < lead.meeting!.startsAt)
      return expectMatch(out, /before the meeting starts/, 'Held before the meeting');
    expectMatch(out, /was held/, 'a held meeting');
    lead.meeting!.held = true;
  }
  toString() {
    return `held(${this.i})`;
  }
}

/**
 * A deal closed the long way in one step: the SDR books a meeting for tomorrow 10:00 (if none),
 * time moves to 45 minutes after it, the AE presses Held on the outcome prompt and records the win.
 */
class CloseWon extends OnLead {
  protected override applies(m: Readonly<Model>) {
    return m.leads.some((l) => l.state === 'owned' && !l.meeting);
  }
  async act(m: Model, r: Real) {
    const lead = nth(
      m.leads.filter((l) => l.state === 'owned' && !l.meeting),
      this.i,
    );
    await new Book(0).act({ ...m, leads: [lead] }, r);
    const target = DateTime.fromMillis(lead.meeting!.startsAt + 45 * 60_000, { zone: 'UTC' });
    await r.w.as(
      MANAGER,
      `clock ${target.setZone(m.people.get(MANAGER)!.zone).toFormat('yyyy-MM-dd HH:mm')}`,
    );
    if (lead.state !== 'owned') return;
    await new Held(0).act({ ...m, leads: [lead] }, r);
    if (lead.meeting?.held) await new Won(0).act(m, r, lead);
  }
  toString() {
    return `close-won(${this.i})`;
  }
}

class Won extends OnLead {
  protected override applies(m: Readonly<Model>) {
    return m.leads.some((l) => l.state === 'owned' && l.meeting?.held);
  }
  async act(m: Model, r: Real, only?: MLead) {
    const lead =
      only ??
      nth(
        m.leads.filter((l) => l.state === 'owned' && l.meeting?.held),
        this.i,
      );
    // Three-month contracts, so renewal nudges fall inside the month and their day counts are
    // checked (invariants.ts, dayCounts).
    const term = '3';
    const out = await r.w.as(lead.owner!, `/lead won L-${lead.n}`, '7000', '', term, '', 'Signed.');
    expectMatch(out, new RegExp(`Recorded: ${lead.company} won`), 'a won deal');
    Object.assign(lead, { state: 'won', closedAt: nowOf(r) });
    m.accounts.push({ company: lead.company, wonAt: nowOf(r) });
  }
  toString() {
    return `won(${this.i})`;
  }
}

/** The deal commands, over leads `i` picked modulo the current lists. */
export function dealCommands(): fc.Arbitrary<Cmd>[] {
  const i = fc.nat(50);
  return [
    i.map((a) => new Book(a)),
    i.map((a) => new Held(a)),
    i.map((a) => new Won(a)),
    i.map((a) => new CloseWon(a)),
  ];
}
