// The lead side of the month, as fast-check commands: each types into the console as the person
// who would, checks the bot's answer against what the model expects and updates the model.
import fc from 'fast-check';
import { dealCommands } from './deal-commands.js';
import { snapshot } from './invariants.js';
import { activeAes, MANAGER, SDR, type MLead, type Model } from './model.js';
import { expectMatch, nowOf, nth, OnLead, Step, type Cmd, type Real } from './step.js';

class NewLead extends Step {
  constructor(readonly k: number) {
    super();
  }
  async act(m: Model, r: Real) {
    const n = m.leads.length + 1;
    const company = `Firm${n}x${this.k}`;
    const out = await r.w.as(
      SDR,
      `/lead ${company}; Pat Doe; pat@${company.toLowerCase()}.com; inbound; $${this.k}k`,
    );
    expectMatch(out, new RegExp(`L-${n} ${company} is in\\.`), 'a new lead');
    m.leads.push({ n, company, createdAt: nowOf(r), state: 'unowned' });
  }
  toString() {
    return `lead(${this.k}k)`;
  }
}

/** Minutes in a message ("1 h 6 min", "7 d 2 h") and how coarse that is. */
function readMinutes(text: string): { minutes: number; within: number } {
  const part = (unit: string) => Number(new RegExp(`(\\d+) ${unit}\\b`).exec(text)?.[1] ?? 0);
  const [d, h, min] = [part('d'), part('h'), part('min')];
  return { minutes: d * 1440 + h * 60 + min, within: d ? 60 : 1 };
}

/**
 * The SDR's DM about a first claim says how long it took: from the lead's first offer (the first
 * "New lead for you" anyone got), or from its creation when it was never offered.
 */
function claimSpeed(r: Real, lead: MLead, at: number): void {
  const firstOffer = r.w.sent.find(
    (s) => s.kind === 'send' && s.text.startsWith(`New lead for you: L-${lead.n} `),
  );
  const since = firstOffer?.at.getTime() ?? lead.createdAt;
  const dm = r.w.sent.findLast(
    (s) => s.to === `@${SDR} (DM)` && s.text.includes(`claimed your lead L-${lead.n} `),
  );
  const after = /after (.+)\.$/.exec(dm?.text ?? '')?.[1];
  if (!dm || !after) throw new Error(`L-${lead.n}: the SDR was not told of the claim`);
  const got = readMinutes(after);
  const expected = (at - since) / 60_000;
  if (Math.abs(got.minutes - expected) > got.within)
    throw new Error(`L-${lead.n}: the SDR was told "${after}", the model says ${expected} min:\n${dm.text}`);
  const card = r.w.sent.findLast((s) => s.to === '#team' && s.text.includes(`L-${lead.n} ·`));
  if (
    card &&
    card.at.getTime() === at &&
    /Claimed by/.test(card.text) &&
    !card.text.includes(`after ${after}`)
  )
    throw new Error(`L-${lead.n}: the card and the SDR's DM disagree:\n${card.text}\n${dm.text}`);
}

class Claim extends OnLead {
  constructor(
    i: number,
    readonly ae: number,
  ) {
    super(i);
  }
  protected override applies(m: Readonly<Model>) {
    return m.leads.length > 0 && activeAes(m).length > 0;
  }
  async act(m: Model, r: Real) {
    const lead = this.lead(m);
    const who = nth(activeAes(m), this.ae).handle;
    const out = await r.w.as(who, `/lead claim L-${lead.n}`);
    if (lead.state === 'unowned') {
      expectMatch(out, new RegExp(`It’s yours: L-${lead.n} `), 'a claim of an unowned lead');
      Object.assign(lead, { state: 'owned', owner: who });
      if (!lead.claimedAt) claimSpeed(r, lead, nowOf(r));
      lead.claimedAt ??= nowOf(r);
    } else if (lead.state === 'owned' && lead.owner !== who) {
      expectMatch(out, /already claimed/i, 'a claim of a lead someone owns');
    }
  }
  toString() {
    return `claim(${this.i}, ae ${this.ae})`;
  }
}

class Pass extends OnLead {
  async act(m: Model, r: Real) {
    const lead = this.lead(m);
    const s = await snapshot(r.w);
    const real = s.leads.get(lead.n)!;
    if (lead.state !== 'unowned' || real.status !== 'offered') return;
    const who = s.byId.get(real.offeredTo!)!.handle;
    const out = await r.w.as(who, `/lead pass L-${lead.n} not our segment`);
    expectMatch(out, new RegExp(`L-${lead.n}`), 'a pass');
  }
  toString() {
    return `pass(${this.i})`;
  }
}

class Lost extends OnLead {
  protected override applies(m: Readonly<Model>) {
    return m.leads.some((l) => l.state === 'owned');
  }
  async act(m: Model, r: Real) {
    const lead = nth(
      m.leads.filter((l) => l.state === 'owned'),
      this.i,
    );
    const out = await r.w.as(lead.owner!, `/lead lost L-${lead.n} no budget`);
    expectMatch(out, new RegExp(`Recorded: L-${lead.n} .* lost`), 'a lost deal');
    Object.assign(lead, { state: 'lost', closedAt: nowOf(r) });
  }
  toString() {
    return `lost(${this.i})`;
  }
}

class Reassign extends OnLead {
  constructor(
    i: number,
    readonly ae: number,
  ) {
    super(i);
  }
  protected override applies(m: Readonly<Model>) {
    return m.leads.length > 0 && activeAes(m).length > 0;
  }
  async act(m: Model, r: Real) {
    const lead = this.lead(m);
    const to = nth(activeAes(m), this.ae).handle;
    const out = await r.w.as(MANAGER, `/lead reassign L-${lead.n} @${to}`);
    if (lead.state === 'unowned' || (lead.state === 'owned' && lead.owner !== to)) {
      expectMatch(out, new RegExp(`L-${lead.n} .* now belongs to`), 'a reassignment');
      Object.assign(lead, { state: 'owned', owner: to });
      lead.claimedAt ??= nowOf(r);
    }
  }
  toString() {
    return `reassign(${this.i}, ae ${this.ae})`;
  }
}

/** The lead and deal commands, over leads `i` and AEs `ae` picked modulo the current lists. */
export function leadCommands(): fc.Arbitrary<Cmd>[] {
  const i = fc.nat(50);
  const lead = fc.integer({ min: 1, max: 90 }).map((k) => new NewLead(k));
  return [
    lead,
    lead,
    lead,
    fc.tuple(i, fc.nat(9)).map(([a, b]) => new Claim(a, b)),
    i.map((a) => new Pass(a)),
    i.map((a) => new Lost(a)),
    fc.tuple(i, fc.nat(9)).map(([a, b]) => new Reassign(a, b)),
    ...dealCommands(),
  ];
}
