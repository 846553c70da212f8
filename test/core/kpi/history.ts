// Random sales histories for the KPI property tests: each lead and account as the sequence of
// states its events left (version 0, 1, …), across the 2026 daylight-saving changes.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { Account } from '../../../src/core/accounts/account.js';
import type { Lead } from '../../../src/core/leads/lead.js';
import type { Money } from '../../../src/core/money.js';

export const SDRS = ['sdr1', 'sdr2'];
export const AES = ['ae1', 'ae2', 'ae3'];
export const AMS = ['am1', 'am2'];
/** Zones with DST in March 2026 (US on the 8th, EU on the 29th), half- and quarter-hour offsets. */
export const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Europe/Moscow',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
];
export const PERIODS = ['today', 'yesterday', 'week', 'month', 'quarter', '3d', '45d'] as const;

const START = Date.parse('2026-02-01T00:00:00Z');
const SPAN_MS = 75 * 24 * 3600_000;

type LeadStep =
  | { k: 'offer'; who: number }
  | { k: 'pass' }
  | { k: 'claim'; who: number }
  | { k: 'book'; who: number }
  | { k: 'held' | 'no_show' | 'reschedule' | 'cancel' }
  | { k: 'won'; amount: number; eur: boolean }
  | { k: 'lost' | 'disqualify' }
  | { k: 'reassign'; who: number }
  | { k: 'value'; amount: number | null };

type AccountStep =
  | { k: 'renewed' | 'upsold'; amount: number; eur: boolean }
  | { k: 'churned' | 'on_it' }
  | { k: 'am'; who: number | null };

export type LeadScript = {
  start: number;
  by: number;
  value: number | null;
  steps: { gap: number; s: LeadStep }[];
};
export type AccountScript = { steps: { gap: number; s: AccountStep }[]; am: number | null; endDays: number };

const gap = fc.integer({ min: 1, max: 4 * 24 * 3600_000 });
const amount = fc.integer({ min: 0, max: 50_000_00 });
/** What a won deal, a renewal or an upsell may be worth: the use cases refuse zero. */
const dealAmount = fc.integer({ min: 1, max: 50_000_00 });
const who = (n: number) => fc.integer({ min: 0, max: n - 1 });

const leadStep: fc.Arbitrary<LeadStep> = fc.oneof(
  fc.record({ k: fc.constant('offer' as const), who: who(AES.length) }),
  fc.record({ k: fc.constant('pass' as const) }),
  fc.record({ k: fc.constant('claim' as const), who: who(AES.length) }),
  fc.record({ k: fc.constant('book' as const), who: who(SDRS.length) }),
  fc.record({
    k: fc.constantFrom('held' as const, 'no_show' as const, 'reschedule' as const, 'cancel' as const),
  }),
  fc.record({ k: fc.constant('won' as const), amount: dealAmount, eur: fc.boolean() }),
  fc.record({ k: fc.constantFrom('lost' as const, 'disqualify' as const) }),
  fc.record({ k: fc.constant('reassign' as const), who: who(AES.length) }),
  fc.record({ k: fc.constant('value' as const), amount: fc.option(amount, { nil: null }) }),
);

const accountStep: fc.Arbitrary<AccountStep> = fc.oneof(
  fc.record({
    k: fc.constantFrom('renewed' as const, 'upsold' as const),
    amount: dealAmount,
    eur: fc.boolean(),
  }),
  fc.record({ k: fc.constantFrom('churned' as const, 'on_it' as const) }),
  fc.record({ k: fc.constant('am' as const), who: fc.option(who(AMS.length), { nil: null }) }),
);

export const leadScript: fc.Arbitrary<LeadScript> = fc.record({
  start: fc.integer({ min: 0, max: SPAN_MS }),
  by: who(SDRS.length),
  value: fc.option(amount, { nil: null }),
  steps: fc.array(fc.record({ gap, s: leadStep }), { maxLength: 12 }),
});

export const accountScript: fc.Arbitrary<AccountScript> = fc.record({
  steps: fc.array(fc.record({ gap, s: accountStep }), { maxLength: 5 }),
  am: fc.option(who(AMS.length), { nil: null }),
  endDays: fc.integer({ min: -30, max: 200 }),
});

/** A report's "now", zone and period. */
export const reportAsk = fc.record({
  at: fc.integer({ min: 0, max: SPAN_MS + 20 * 24 * 3600_000 }).map((ms) => new Date(START + ms)),
  zone: fc.constantFrom(...ZONES),
  period: fc.constantFrom(...PERIODS),
});

/** A deep copy (structuredClone's Dates come from another realm under jest's VM modules). */
function clone<T>(x: T): T {
  if (x instanceof Date) return new Date(x.getTime()) as T;
  if (Array.isArray(x)) return x.map((v: unknown) => clone(v)) as T;
  if (x && typeof x === 'object')
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, clone(v)])) as T;
  return x;
}

const money = (amt: number, eur: boolean): Money => ({ amount: amt, currency: eur ? 'EUR' : 'USD' });
const OPEN_MEETING = ['meeting_booked', 'held', 'no_show'];

/** The states a lead script leaves, version 0 first; the last one closes with a won deal's account, if any. */
export function leadStates(
  n: number,
  script: LeadScript,
  accountPlan?: AccountScript,
): { lead: Lead[]; account: Account[] } {
  let t = START + script.start;
  const createdAt = new Date(t);
  let l: Lead = {
    id: `lead_${n}`,
    teamId: 'team_p',
    number: n,
    fields: {
      company: `Co ${n}`,
      contact: { name: 'X' },
      source: 'inbound',
      qualification: { budget: false, authority: false, need: true, timing: false },
      ...(script.value !== null ? { value: money(script.value, false) } : {}),
    },
    keys: {},
    status: 'new',
    createdBy: SDRS[script.by]!,
    createdAt,
    offers: [],
    round: 0,
    meetings: [],
    updatedAt: createdAt,
    version: 0,
  };
  const states: Lead[] = [l];
  let account: Account[] = [];
  const closed = () => ['won', 'lost', 'disqualified'].includes(l.status);
  for (const { gap: g, s } of script.steps) {
    t += g;
    const at = new Date(t);
    let next: Lead | null = null;
    const c = clone(l);
    switch (s.k) {
      case 'offer':
        if (closed() || l.ownerId) break;
        next = {
          ...c,
          status: 'offered',
          offeredTo: AES[s.who]!,
          offers: [...c.offers, { personId: AES[s.who]!, at, round: 0 }],
        };
        break;
      case 'pass':
        if (l.status !== 'offered') break;
        next = {
          ...c,
          status: 'queued',
          offers: c.offers.map((o, i) =>
            i === c.offers.length - 1 ? { ...o, outcome: 'passed', endedAt: at } : o,
          ),
        };
        delete next.offeredTo;
        break;
      case 'claim':
        if (closed() || l.ownerId) break;
        next = { ...c, status: 'claimed', ownerId: l.offeredTo ?? AES[s.who]!, claimedAt: at };
        delete next.offeredTo;
        break;
      case 'reassign':
        if (closed() || !l.ownerId) break;
        next = { ...c, ownerId: AES[s.who]! };
        break;
      case 'book':
        if (closed() || !l.ownerId || l.meetings.some((m) => m.status === 'scheduled')) break;
        next = {
          ...c,
          status: 'meeting_booked',
          meetings: [
            ...c.meetings,
            {
              id: `m_${n}_${c.meetings.length}`,
              startsAt: new Date(t + 86_400_000),
              durationMin: 30,
              timezone: 'UTC',
              bookedBy: SDRS[s.who]!,
              bookedAt: at,
              aeId: l.ownerId,
              status: 'scheduled',
              revision: 0,
            },
          ],
        };
        break;
      case 'held':
      case 'no_show':
      case 'cancel':
      case 'reschedule': {
        const i = c.meetings.findIndex((m) => m.status === 'scheduled');
        if (i < 0 || closed()) break;
        const m = c.meetings[i]!;
        if (s.k === 'reschedule')
          c.meetings[i] = { ...m, startsAt: new Date(t + 2 * 86_400_000), revision: m.revision + 1 };
        else c.meetings[i] = { ...m, status: s.k === 'cancel' ? 'cancelled' : s.k, outcomeAt: at };
        next = {
          ...c,
          status:
            s.k === 'held' ? 'held' : s.k === 'no_show' ? 'no_show' : s.k === 'cancel' ? 'claimed' : c.status,
        };
        break;
      }
      case 'won':
        if (closed() || !l.ownerId) break;
        next = {
          ...c,
          status: 'won',
          deal: { outcome: 'won', at, by: l.ownerId, value: money(s.amount, s.eur), termMonths: 12 },
        };
        if (accountPlan) account = accountStates(n, next, at, accountPlan);
        break;
      case 'lost':
        if (closed() || !l.ownerId) break;
        next = { ...c, status: 'lost', deal: { outcome: 'lost', at, by: l.ownerId, reason: 'price' } };
        break;
      case 'disqualify':
        if (closed()) break;
        next = { ...c, status: 'disqualified', disqualifyReason: 'spam' };
        delete next.offeredTo;
        break;
      case 'value':
        next = { ...c, fields: { ...c.fields } };
        if (s.amount === null) delete next.fields.value;
        else next.fields.value = money(s.amount, false);
        break;
    }
    if (!next) continue;
    if (OPEN_MEETING.includes(next.status) && !next.ownerId) continue;
    l = { ...next, updatedAt: at, version: l.version + 1 };
    states.push(l);
  }
  return { lead: states, account };
}

function accountStates(n: number, lead: Lead, at: Date, plan: AccountScript): Account[] {
  const value = lead.deal!.value!;
  const end = DateTime.fromJSDate(at, { zone: 'UTC' }).plus({ days: plan.endDays }).toISODate()!;
  let a: Account = {
    id: `acct_${n}`,
    teamId: 'team_p',
    leadId: lead.id,
    company: lead.fields.company,
    aeId: lead.ownerId!,
    ...(plan.am !== null ? { amId: AMS[plan.am]! } : {}),
    contract: { value, termMonths: 12, startDate: end, endDate: end },
    renewalState: 'pending',
    renewals: [],
    status: 'active',
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
  const states = [a];
  let t = at.getTime();
  for (const { gap: g, s } of plan.steps) {
    t += g;
    const when = new Date(t);
    if (a.status !== 'active') break;
    const c = clone(a);
    let next: Account;
    if (s.k === 'am') {
      next = { ...c };
      if (s.who === null) delete next.amId;
      else next.amId = AMS[s.who]!;
    } else if (s.k === 'on_it') {
      next = {
        ...c,
        renewalState: 'on_it',
        renewals: [
          ...c.renewals,
          {
            periodEnd: c.contract.endDate,
            action: 'on_it',
            by: 'am1',
            at: when,
            previousValue: c.contract.value,
          },
        ],
      };
    } else if (s.k === 'churned') {
      next = {
        ...c,
        status: 'churned',
        churnedAt: when,
        renewalState: 'churned',
        renewals: [
          ...c.renewals,
          {
            periodEnd: c.contract.endDate,
            action: 'churned',
            by: 'am1',
            at: when,
            previousValue: c.contract.value,
            reason: 'budget',
          },
        ],
      };
    } else if (s.k === 'renewed' || s.k === 'upsold') {
      const newValue =
        s.k === 'upsold'
          ? { amount: c.contract.value.amount + s.amount, currency: c.contract.value.currency }
          : money(s.amount, s.eur);
      const endDate = DateTime.fromISO(c.contract.endDate).plus({ months: 12 }).toISODate()!;
      next = {
        ...c,
        renewalState: 'pending',
        contract: { value: newValue, termMonths: 12, startDate: c.contract.endDate, endDate },
        renewals: [
          ...c.renewals,
          {
            periodEnd: c.contract.endDate,
            action: s.k,
            by: 'am1',
            at: when,
            previousValue: c.contract.value,
            newValue,
          },
        ],
      };
    } else continue;
    a = { ...next, updatedAt: when, version: a.version + 1 };
    states.push(a);
  }
  return states;
}

/** A whole history of at most `maxLeads` leads: every lead's and account's states. */
export const historyOf = (maxLeads: number) =>
  fc
    .array(fc.tuple(leadScript, accountScript), { minLength: 1, maxLength: maxLeads })
    .map((scripts) => scripts.map(([l, a], i) => leadStates(i + 1, l, a)));

/** A whole history: every lead's and account's states. */
export const history = historyOf(25);
