// The manager's side of the month (roster and settings changes), the passing of time, and /kpi.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { snapshot } from './invariants.js';
import { expectMatch, nowOf, nth, Step, type Real } from './step.js';
import { activeAes, MANAGER, openLeads, TEAM_ZONE, zoneAt, type Hours, type Model } from './model.js';

type Cmd = fc.AsyncCommand<Model, Real>;

abstract class OnAe extends Step {
  constructor(readonly ae: number) {
    super();
  }
  protected override applies(m: Readonly<Model>) {
    return activeAes(m).length > 0;
  }
  protected who(m: Model): string {
    return nth(activeAes(m), this.ae).handle;
  }
}

/** Deactivation (never the last AE): whatever they held is handed on, and they hear nothing more. */
class Deactivate extends OnAe {
  protected override applies(m: Readonly<Model>) {
    return activeAes(m).length > 1;
  }
  async act(m: Model, r: Real) {
    const who = this.who(m);
    const out = await r.w.as(MANAGER, `/team deactivate @${who}`);
    expectMatch(out, /is deactivated/, 'a deactivation');
    m.people.get(who)!.deactivatedAt = nowOf(r);
    // Their open leads go back to routing or to someone else: the model follows the app here.
    const s = await snapshot(r.w);
    for (const lead of openLeads(m).filter((l) => l.owner === who)) {
      const real = s.leads.get(lead.n)!;
      const owner = real.ownerId ? s.byId.get(real.ownerId)!.handle : undefined;
      Object.assign(lead, owner ? { owner } : { state: 'unowned', owner: undefined });
    }
  }
  toString() {
    return `deactivate(ae ${this.ae})`;
  }
}

class Cap extends OnAe {
  constructor(
    ae: number,
    readonly cap: number | null,
  ) {
    super(ae);
  }
  async act(m: Model, r: Real) {
    const who = this.who(m);
    await r.w.as(MANAGER, `/team cap @${who} ${this.cap ?? 'none'}`);
    m.people.get(who)!.cap = this.cap;
  }
  toString() {
    return `cap(ae ${this.ae}, ${this.cap ?? 'none'})`;
  }
}

const SHIFTS: { text: string; hours: Hours }[] = [
  { text: 'mon-fri 09:00-18:00', hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' } },
  { text: 'mon-fri 07:00-15:00', hours: { days: [1, 2, 3, 4, 5], start: '07:00', end: '15:00' } },
  { text: 'mon-sat 12:00-20:00', hours: { days: [1, 2, 3, 4, 5, 6], start: '12:00', end: '20:00' } },
];

class ShiftHours extends OnAe {
  constructor(
    ae: number,
    readonly shift: number,
  ) {
    super(ae);
  }
  async act(m: Model, r: Real) {
    const who = this.who(m);
    const shift = nth(SHIFTS, this.shift);
    const out = await r.w.as(MANAGER, `/team hours @${who} ${shift.text}`);
    expectMatch(out, /works/, 'new hours');
    m.people.get(who)!.hours.push({ from: nowOf(r), hours: shift.hours });
  }
  toString() {
    return `hours(ae ${this.ae}, ${nth(SHIFTS, this.shift).text})`;
  }
}

/** Leave from today for `days` days (typed as d.m-d.m in the manager's zone). */
class Leave extends OnAe {
  constructor(
    ae: number,
    readonly days: number,
  ) {
    super(ae);
  }
  async act(m: Model, r: Real) {
    const who = this.who(m);
    const today = DateTime.fromMillis(nowOf(r), { zone: TEAM_ZONE });
    const range = `${today.toFormat('d.M')}-${today.plus({ days: this.days }).toFormat('d.M')}`;
    const out = await r.w.as(MANAGER, `/team ooo @${who} ${range}`);
    expectMatch(out, /is away until/, 'leave');
    await this.sync(m, r, who);
  }
  protected async sync(m: Model, r: Real, who: string) {
    const real = (await snapshot(r.w)).byHandle.get(who)!;
    m.people.get(who)!.ooo = real.outOfOffice.map((o) => ({
      from: o.from.getTime(),
      until: o.until.getTime(),
    }));
  }
  toString() {
    return `ooo(ae ${this.ae}, ${this.days} d)`;
  }
}

class Back extends Leave {
  constructor(ae: number) {
    super(ae, 0);
  }
  override async act(m: Model, r: Real) {
    const who = this.who(m);
    const out = await r.w.as(MANAGER, `/team back @${who}`);
    expectMatch(out, /is back/, 'back from leave');
    await this.sync(m, r, who);
  }
  override toString() {
    return `back(ae ${this.ae})`;
  }
}

class RouteHours extends Step {
  constructor(readonly on: boolean) {
    super();
  }
  async act(m: Model, r: Real) {
    await r.w.as(MANAGER, `/team set route-hours ${this.on ? 'on' : 'off'}`);
    if ((await snapshot(r.w)).team.routeWithinWorkingHours !== this.on)
      throw new Error(`/team set route-hours did not turn it ${this.on ? 'on' : 'off'}`);
    m.routeHours.push({ from: nowOf(r), on: this.on });
  }
  toString() {
    return `route-hours ${this.on ? 'on' : 'off'}`;
  }
}

/** The team moves its zone (its digest time, windows and working time follow). */
class TeamZone extends Step {
  constructor(readonly zone: string) {
    super();
  }
  async act(m: Model, r: Real) {
    await r.w.as(MANAGER, `/team set timezone ${this.zone}`);
    const { team } = await snapshot(r.w);
    if (team.timezone !== this.zone) throw new Error(`/team set timezone ${this.zone} left ${team.timezone}`);
    m.teamZone.push({ from: nowOf(r), zone: this.zone });
  }
  toString() {
    return `team zone ${this.zone}`;
  }
}

const SLAS = ['5 15 60', '10 30 120', '2 5 30'];
class Sla extends Step {
  constructor(readonly sla: number) {
    super();
  }
  async act(_m: Model, r: Real) {
    const sla = nth(SLAS, this.sla);
    await r.w.as(MANAGER, `/team set sla ${sla}`);
    const { claimSla: c } = (await snapshot(r.w)).team;
    if ([c.remindAfterMin, c.reofferAfterMin, c.escalateAfterMin].join(' ') !== sla)
      throw new Error(`/team set sla ${sla} left the claim times at ${JSON.stringify(c)}`);
  }
  toString() {
    return `sla ${nth(SLAS, this.sla)}`;
  }
}

/** Business time moves on (minutes to weeks, across the autumn clock changes). */
class Clock extends Step {
  constructor(readonly by: string) {
    super();
  }
  async act(_m: Model, r: Real) {
    const out = await r.w.as(MANAGER, `clock ${this.by}`);
    expectMatch(out, /Business time is now/, 'a clock move');
  }
  toString() {
    return `clock ${this.by}`;
  }
}

/** The manager's /kpi for the last 30 days: created, won/lost and open leads are the model's. */
class Kpi extends Step {
  async act(m: Model, r: Real) {
    const out = await r.w.as(MANAGER, '/kpi team 30d');
    const now = nowOf(r);
    const from = DateTime.fromMillis(now, { zone: zoneAt(m, now) })
      .minus({ days: 30 })
      .toMillis();
    const inWindow = (t: number | undefined) => t !== undefined && t >= from && t <= now;
    const created = m.leads.filter((l) => inWindow(l.createdAt)).length;
    const won = m.leads.filter((l) => l.state === 'won' && inWindow(l.closedAt)).length;
    const lost = m.leads.filter((l) => l.state === 'lost' && inWindow(l.closedAt)).length;
    expectMatch(out, new RegExp(`Leads created: ${created}\\b`), '/kpi leads created');
    expectMatch(out, new RegExp(`Won / lost: ${won} / ${lost}\\b`), '/kpi won / lost');
  }
  toString() {
    return 'kpi team 30d';
  }
}

export function teamCommands(): fc.Arbitrary<Cmd>[] {
  const ae = fc.nat(9);
  return [
    ae.map((a) => new Deactivate(a)),
    fc.tuple(ae, fc.constantFrom(1, 2, null)).map(([a, c]) => new Cap(a, c)),
    fc.tuple(ae, fc.nat(2)).map(([a, s]) => new ShiftHours(a, s)),
    fc.tuple(ae, fc.integer({ min: 1, max: 10 })).map(([a, d]) => new Leave(a, d)),
    ae.map((a) => new Back(a)),
    fc.boolean().map((on) => new RouteHours(on)),
    fc.nat(2).map((s) => new Sla(s)),
    fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Tokyo').map((z) => new TeamZone(z)),
    fc.constant(new Kpi()),
  ];
}

export function clockCommands(): fc.Arbitrary<Cmd>[] {
  return [
    fc.constantFrom('+1m', '+5m', '+10m', '+20m', '+45m').map((by) => new Clock(by)),
    fc.constantFrom('+2h', '+5h', '+13h', '+1d', '+2d').map((by) => new Clock(by)),
    fc.constantFrom('+3d', '+1w', '+2w').map((by) => new Clock(by)),
  ];
}
