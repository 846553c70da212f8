// What must hold after every step of the month, checked against the real app's database and
// everything it sent. Each failure names the rule, so a shrunk run reads as a bug report.
import { DateTime } from 'luxon';
import { isOpen, type Lead } from '../../../src/core/leads/lead.js';
import type { DomainEvent } from '../../../src/core/ports.js';
import type { Person } from '../../../src/core/roster/person.js';
import { DEFAULT_HOURS, inForce, ROSTER, withinHours, zoneAt, type Model } from './model.js';
import type { Sent, World } from './world.js';

export class Broken extends Error {}

function rule(ok: boolean, what: string, detail?: unknown): void {
  if (!ok) throw new Broken(`${what}${detail === undefined ? '' : `\n${JSON.stringify(detail, null, 2)}`}`);
}

/** The app's team, people (by handle and id) and leads (by number). */
export async function snapshot(w: World) {
  const stores = w.app.core.stores;
  const team = (await stores.teams.list())[0]!;
  const people = await stores.people.listTeam(team.id);
  const byId = new Map(people.map((p) => [p.id, p]));
  const byHandle = new Map(people.map((p) => [p.handle, p]));
  const leads = new Map<number, Lead>();
  for (const l of await stores.leads.list({ teamId: team.id })) leads.set(l.number, l);
  return { team, people, byId, byHandle, leads };
}
export type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** The lead a message is about ("L-12"), if any. */
function leadOf(text: string): number | undefined {
  const m = /\bL-(\d+)\b/.exec(text);
  return m ? Number(m[1]) : undefined;
}
const handleOf = (to: string) => /^@(\w+) \(DM\)$/.exec(to)?.[1];
const isOffer = (s: Sent) => s.kind === 'send' && /^New lead for you: L-\d+/.test(s.text);
const isReminder = (s: Sent) => s.kind === 'send' && /^⏰ L-\d+/.test(s.text);

/** Every open lead has exactly one owner, or is offered to one active AE, or waits in the queue. */
function ownership(m: Model, s: Snapshot): void {
  for (const ml of m.leads) {
    const l = s.leads.get(ml.n);
    rule(Boolean(l), `L-${ml.n} exists`);
    const lead = l!;
    const owner = lead.ownerId ? s.byId.get(lead.ownerId)?.handle : undefined;
    const offeredTo = lead.offeredTo ? s.byId.get(lead.offeredTo) : undefined;
    const seen = { status: lead.status, owner, offeredTo: offeredTo?.handle, model: ml };
    if (ml.state === 'unowned') {
      rule(!lead.ownerId, `L-${ml.n} has no owner yet`, seen);
      rule(['offered', 'queued'].includes(lead.status), `L-${ml.n} is offered or queued`, seen);
      if (lead.status === 'offered') {
        rule(
          Boolean(offeredTo?.active && offeredTo.roles.includes('ae')),
          `L-${ml.n} offered to an active AE`,
          seen,
        );
      } else rule(!lead.offeredTo, `a queued L-${ml.n} is offered to nobody`, seen);
    } else if (ml.state === 'owned') {
      rule(owner === ml.owner, `L-${ml.n} is owned by @${ml.owner}`, seen);
      rule(
        ['claimed', 'meeting_booked', 'held', 'no_show'].includes(lead.status) && !lead.offeredTo,
        `L-${ml.n} is owned and offered to nobody`,
        seen,
      );
    } else rule(lead.status === ml.state && !lead.offeredTo, `L-${ml.n} is ${ml.state}`, seen);
  }
  rule(s.leads.size === m.leads.length, 'no lead the team did not create', [...s.leads.keys()]);
}

/** Folds a lead's events (the audit trail) back into status, owner and offer. */
function replay(events: DomainEvent[]) {
  let status: string | undefined;
  let ownerId: string | undefined;
  let offeredTo: string | undefined;
  for (const e of events) {
    if (e.to) status = e.to;
    const data = (e.data ?? {}) as { routing?: { personId?: string }; toId?: string };
    if (e.type === 'lead.claimed') ownerId = e.actorId;
    if (e.type === 'lead.reassigned') ownerId = data.toId;
    if (e.to === 'offered' || e.to === 'queued') ownerId = undefined;
    offeredTo = e.to === 'offered' ? data.routing?.personId : status === 'offered' ? offeredTo : undefined;
  }
  return { status, ownerId, offeredTo };
}

async function eventsReplay(w: World, s: Snapshot): Promise<void> {
  for (const lead of s.leads.values()) {
    const events = await w.app.core.stores.leads.events(lead.id);
    rule(events.length === lead.version + 1, `L-${lead.number}: one event per version`, {
      version: lead.version,
      events: events.map((e) => e.type),
    });
    const r = replay(events);
    const state = { status: lead.status, ownerId: lead.ownerId, offeredTo: lead.offeredTo };
    rule(
      r.status === state.status && r.ownerId === state.ownerId && r.offeredTo === state.offeredTo,
      `L-${lead.number}: its events replay to its state`,
      { replayed: r, stored: state, events: events.map((e) => [e.type, e.from, e.to]) },
    );
  }
}

/**
 * What people received: each AE is offered a lead and reminded of it at most once; offers and
 * reminders only inside their hours when routing respects hours, never on leave; nothing new for
 * the deactivated; one escalation per lead; no edit that changes nothing.
 */
function deliveries(m: Model, sent: Sent[], from: number): void {
  const offers = new Map<string, number>();
  const reminders = new Map<string, number>();
  const escalations = new Map<number, number>();
  const lastText = new Map<string, string>();
  sent.forEach((s, i) => {
    const who = handleOf(s.to);
    const n = leadOf(s.text);
    const key = `${who} L-${n}`;
    if (isOffer(s)) offers.set(key, (offers.get(key) ?? 0) + 1);
    if (isReminder(s)) reminders.set(key, (reminders.get(key) ?? 0) + 1);
    if (s.kind === 'send' && n !== undefined && /^⚠️ L-\d+ .* still unclaimed/.test(s.text))
      escalations.set(n, (escalations.get(n) ?? 0) + 1);
    const before = lastText.get(s.id);
    lastText.set(s.id, s.text);
    if (i < from) return;
    const detail = { ...s, at: s.at.toISOString() };
    rule((offers.get(key) ?? 0) <= 1, `${key}: offered once`, detail);
    rule((reminders.get(key) ?? 0) <= 1, `${key}: reminded once`, detail);
    rule((escalations.get(n ?? -1) ?? 0) <= 1, `L-${n}: escalated once`, detail);
    rule(s.kind === 'send' || before !== s.text, `${s.to}: an edit changes the message`, detail);
    const at = s.at.getTime();
    if (s.kind === 'send' && /^⚠️ L-\d+ .* still unclaimed/.test(s.text) && inForce(m.routeHours, at).on)
      rule(
        withinHours(DEFAULT_HOURS, zoneAt(m, at), at),
        'escalations come in the team’s working time',
        detail,
      );
    if (s.kind === 'send' && /^Team digest/.test(s.text)) digestNumbers(m, s);
    const gaveFrom = /is now yours \(reassigned by a manager from (.+)\)\./.exec(s.text)?.[1];
    const name = ROSTER.find((r) => r.handle === who)?.name;
    rule(!gaveFrom || gaveFrom !== name, `${s.to}: a lead given to its AE came from someone else`, detail);
    const p = who ? m.people.get(who) : undefined;
    if (!p) return;
    if (s.kind === 'send')
      rule(
        p.deactivatedAt === undefined || at < p.deactivatedAt,
        `@${who} gets nothing once deactivated`,
        detail,
      );
    if (isOffer(s))
      rule(!p.ooo.some((o) => o.from <= at && at < o.until), `@${who} is not offered on leave`, detail);
    if ((isOffer(s) || isReminder(s)) && inForce(m.routeHours, at).on)
      rule(
        withinHours(inForce(p.hours, at).hours, p.zone, at),
        `@${who} is offered or reminded only within their hours`,
        { ...detail, hours: inForce(p.hours, at).hours, zone: p.zone },
      );
  });
}

/** The team digest's numbers (the last 7 days, the default period) are the model's. */
function digestNumbers(m: Model, s: Sent): void {
  const at = s.at.getTime();
  const local = DateTime.fromMillis(at, { zone: zoneAt(m, at) });
  rule(
    local.toFormat('HH:mm') === '09:00' && local.weekday <= 5,
    `${s.to}: the team digest comes at 09:00 on a working day in the team’s zone`,
    { at: s.at.toISOString(), local: local.toFormat('ccc HH:mm ZZZZ') },
  );
  const from = local.minus({ days: 7 }).toMillis();
  const inWindow = (t: number | undefined) => t !== undefined && t >= from && t <= at;
  const created = m.leads.filter((l) => inWindow(l.createdAt)).length;
  const won = m.leads.filter((l) => l.state === 'won' && inWindow(l.closedAt)).length;
  const lost = m.leads.filter((l) => l.state === 'lost' && inWindow(l.closedAt)).length;
  const got = {
    created: Number(/Leads created: (\d+)/.exec(s.text)?.[1] ?? 0),
    wonLost: /Won \/ lost: (\d+ \/ \d+)/.exec(s.text)?.[1] ?? '0 / 0',
  };
  rule(
    got.created === created && got.wonLost === `${won} / ${lost}`,
    `${s.to}: the team digest’s numbers are the model’s`,
    { at: s.at.toISOString(), got, model: { created, wonLost: `${won} / ${lost}` }, text: s.text },
  );
}

/** "renews in N days (7 Jan 2027)": N is the days from the reader's today to that date. */
function dayCounts(m: Model, sent: Sent[], from: number): void {
  for (const s of sent.slice(from)) {
    const d = /renews in (\d+) days? \((\d{1,2} \w{3} \d{4})\)/.exec(s.text);
    const p = m.people.get(handleOf(s.to) ?? '');
    if (!d || !p) continue;
    const today = DateTime.fromJSDate(s.at, { zone: p.zone }).startOf('day');
    const end = DateTime.fromFormat(d[2]!, 'd LLL yyyy', { zone: p.zone, locale: 'en' });
    const days = Math.round(end.diff(today, 'days').days);
    rule(Number(d[1]) === days, `${s.to}: the day count agrees with the date`, { ...s, days });
  }
}

/** People in the app as in the model: active or not, caps, hours. */
function roster(m: Model, s: Snapshot): void {
  for (const p of m.people.values()) {
    const real: Person | undefined = s.byHandle.get(p.handle);
    rule(Boolean(real), `@${p.handle} exists`);
    const last = p.hours.at(-1)!.hours;
    const got = { active: real!.active, cap: real!.cap, hours: real!.workingHours };
    rule(
      real!.active === (p.deactivatedAt === undefined) &&
        real!.cap === p.cap &&
        real!.workingHours.start === last.start &&
        real!.workingHours.end === last.end,
      `@${p.handle} as the team set them up`,
      { got, model: { active: p.deactivatedAt === undefined, cap: p.cap, hours: last } },
    );
  }
}

/**
 * Caps: whoever was offered a lead in this step holds no more than their cap after it (a step
 * only adds offers to someone's load; claims and reassignments are steps of their own).
 */
function caps(m: Model, s: Snapshot, sent: Sent[], from: number): void {
  const offered = new Set(
    sent
      .slice(from)
      .filter(isOffer)
      .map((x) => handleOf(x.to)),
  );
  for (const who of offered) {
    const p = m.people.get(who ?? '');
    const id = s.byHandle.get(who ?? '')?.id;
    if (!p || p.cap === null || !id) continue;
    const load = [...s.leads.values()].filter(
      (l) => isOpen(l.status) && (l.ownerId === id || l.offeredTo === id),
    ).length;
    rule(load <= p.cap, `@${who} is offered leads only under their cap`, { load, cap: p.cap });
  }
}

/** Every check, after a step that started at `from` in the delivery log. */
export async function checkAll(m: Model, w: World, from: number): Promise<Snapshot> {
  const s = await snapshot(w);
  ownership(m, s);
  caps(m, s, w.sent, from);
  roster(m, s);
  deliveries(m, w.sent, from);
  dayCounts(m, w.sent, from);
  await eventsReplay(w, s);
  return s;
}
