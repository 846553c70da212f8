import type { Account } from '../accounts/account.js';
import type { Lead } from '../leads/lead.js';
import type { Money } from '../money.js';
import { PIPELINE_STATUSES, contractedValue } from './ae.js';
import { leadClaim, wasClaimed } from './definitions.js';
import { FORECAST_STAGES, closedAt, forecastStageOf, reachedStage } from './forecast-tally.js';

/**
 * KPI facts: what one lead or account contributes to the reports, as additive numbers under keys
 * `<bucket>|<who>|<metric>|<extra>`:
 * - bucket: the UTC quarter-hour the fact happened in (`2026-03-08T14:45`), or `now` for what
 *   holds as of now (open pipeline, accounts, renewals due). Every zone's midnight and every
 *   report window (period.ts) falls on a quarter-hour, so any period in any zone is a set of
 *   whole buckets, whatever zone the team had when the fact was recorded;
 * - who: the person it counts for, `-` for the team only (no person), `*` for team-only metrics;
 * - extra: a currency, a stage, a speed in ms (samples for exact medians), an end date.
 *
 * A lead's facts are a function of its state, so a change's facts are the difference between the
 * state after and the state before it (`diffFacts`), and the sum over all leads and accounts is
 * what a rebuild writes. `fact-reader.ts` turns summed facts back into report tallies.
 */
export type FactMap = Record<string, number>;

/** Facts that are not windowed live under this bucket. */
export const NOW_BUCKET = 'now';
/** `who` for a team fact without a person (an account without AM, a deal without owner). */
export const NO_PERSON = '-';
/** `who` for team-only metrics (distinct leads offered, funnel, forecast). */
export const TEAM_ONLY = '*';

const QUARTER_MS = 15 * 60_000;

/** The UTC quarter-hour holding `at`, as `YYYY-MM-DDTHH:MM`. */
export function quarterOf(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  return new Date(Math.floor(ms / QUARTER_MS) * QUARTER_MS).toISOString().slice(0, 16);
}

/** The start of a quarter-hour bucket, in epoch ms. */
export function bucketStart(bucket: string): number {
  return Date.parse(`${bucket}:00Z`);
}

function add(f: FactMap, key: string, n = 1): void {
  const v = (f[key] ?? 0) + n;
  if (v === 0) delete f[key];
  else f[key] = v;
}

function at(f: FactMap, when: Date | undefined, who: string, metric: string, extra = '', n = 1): void {
  if (!when) return;
  const t = new Date(when).getTime();
  if (Number.isNaN(t)) return;
  add(f, `${quarterOf(t)}|${who}|${metric}|${extra}`, n);
}

function money(
  f: FactMap,
  bucket: string,
  who: string,
  metric: string,
  m: Money | undefined,
  prefix = '',
): void {
  if (!m || !Number.isFinite(m.amount)) return;
  add(f, `${bucket}|${who}|${metric}|${prefix}${m.currency}`, m.amount);
}

/** Adds `from` (times `factor`) into `into` in place. */
export function addFacts(into: FactMap, from: FactMap, factor = 1): void {
  for (const [k, n] of Object.entries(from)) add(into, k, n * factor);
}

/** `after − before`: what a change adds to the facts (empty when it changes no number). */
export function diffFacts(before: FactMap, after: FactMap): FactMap {
  const out: FactMap = { ...after };
  addFacts(out, before, -1);
  return out;
}

/** Every fact of one lead, as it stands. */
export function leadFacts(lead: Lead): FactMap {
  const f: FactMap = {};
  const created = new Date(lead.createdAt);
  at(f, created, lead.createdBy, 'lc');
  if (lead.meetings.length > 0) at(f, created, lead.createdBy, 'lm');
  for (const m of lead.meetings) {
    at(f, m.bookedAt, m.bookedBy, 'mb');
    if (m.status === 'held') at(f, m.outcomeAt, m.bookedBy, 'mh');
    else if (m.status === 'no_show') at(f, m.outcomeAt, m.bookedBy, 'mn');
  }
  // Distinct leads offered: an offer counts in a window when the offer before it (to the same
  // person, or to anyone for the team) lies before the window, so each lead counts once per window.
  const lastTo = new Map<string, string>();
  let lastAny: string | undefined;
  for (const o of [...lead.offers].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime())) {
    const q = quarterOf(new Date(o.at));
    at(f, o.at, o.personId, 'of', lastTo.get(o.personId) ?? '-');
    at(f, o.at, TEAM_ONLY, 'oT', lastAny ?? '-');
    lastTo.set(o.personId, q);
    lastAny = q;
  }
  const claim = leadClaim(lead);
  if (claim) {
    at(f, claim.at, claim.ownerId, 'cl');
    at(f, claim.at, claim.ownerId, 'sp', String(Math.round(claim.minutes * 60_000)));
  }
  const deal = lead.deal;
  if (deal) {
    const who = lead.ownerId ?? NO_PERSON;
    if (deal.outcome === 'lost') at(f, deal.at, who, 'dl');
    else {
      at(f, deal.at, who, 'dw');
      if (deal.value) {
        money(f, quarterOf(new Date(deal.at)), who, 'bv', deal.value);
        at(f, deal.at, who, 'bn', deal.value.currency);
      }
    }
  }
  funnelFacts(f, lead, created);
  forecastFacts(f, lead);
  if (lead.ownerId && PIPELINE_STATUSES.includes(lead.status)) {
    add(f, `${NOW_BUCKET}|${lead.ownerId}|po|`);
    if (lead.fields.value) {
      money(f, NOW_BUCKET, lead.ownerId, 'pv', lead.fields.value);
      add(f, `${NOW_BUCKET}|${lead.ownerId}|pc|${lead.fields.value.currency}`);
    } else add(f, `${NOW_BUCKET}|${lead.ownerId}|pn|`);
  }
  return f;
}

function funnelFacts(f: FactMap, lead: Lead, created: Date): void {
  at(f, created, TEAM_ONLY, 'fc');
  if (wasClaimed(lead)) at(f, created, TEAM_ONLY, 'fk');
  if (lead.meetings.length > 0) at(f, created, TEAM_ONLY, 'fm');
  if (lead.meetings.some((m) => m.status === 'held')) at(f, created, TEAM_ONLY, 'fh');
  if (lead.status === 'won') at(f, created, TEAM_ONLY, 'fw');
}

function forecastFacts(f: FactMap, lead: Lead): void {
  const stage = forecastStageOf(lead.status);
  if (stage) {
    add(f, `${NOW_BUCKET}|${TEAM_ONLY}|fo|${stage}`);
    if (lead.fields.value) {
      money(f, NOW_BUCKET, TEAM_ONLY, 'fv', lead.fields.value, `${stage},`);
      add(f, `${NOW_BUCKET}|${TEAM_ONLY}|fq|${stage},${lead.fields.value.currency}`);
    } else add(f, `${NOW_BUCKET}|${TEAM_ONLY}|fn|${stage}`);
    return;
  }
  const closed = closedAt(lead);
  if (!closed) return;
  const won = lead.status === 'won';
  for (const s of FORECAST_STAGES) {
    if (!reachedStage(lead, s)) continue;
    at(f, closed, TEAM_ONLY, 'xc', s);
    if (won) at(f, closed, TEAM_ONLY, 'xw', s);
  }
  if (won && lead.deal?.value) {
    money(f, quarterOf(new Date(closed)), TEAM_ONLY, 'xv', lead.deal.value);
    at(f, closed, TEAM_ONLY, 'xn', lead.deal.value.currency);
  }
}

/** Every fact of one account, as it stands. */
export function accountFacts(account: Account): FactMap {
  const f: FactMap = {};
  const am = account.amId ?? NO_PERSON;
  for (const r of account.renewals) {
    const metric =
      r.action === 'renewed' ? 'ar' : r.action === 'upsold' ? 'au' : r.action === 'churned' ? 'ac' : null;
    if (!metric) continue;
    at(f, r.at, am, metric);
    const prev = r.previousValue;
    const next = r.action === 'churned' ? undefined : r.newValue;
    if (next && next.currency !== prev.currency) continue;
    const q = quarterOf(new Date(r.at));
    money(f, q, am, 'ap', prev);
    at(f, r.at, am, 'an', prev.currency);
    money(f, q, am, 'aR', next ?? { amount: 0, currency: prev.currency });
    if (next && next.amount > prev.amount)
      money(f, q, am, 'ax', { amount: next.amount - prev.amount, currency: prev.currency });
  }
  add(f, `${NOW_BUCKET}|${account.aeId}|ta|`);
  for (const [currency, amount] of Object.entries(contractedValue(account))) {
    add(f, `${NOW_BUCKET}|${account.aeId}|tv|${currency}`, amount);
    add(f, `${NOW_BUCKET}|${account.aeId}|tn|${currency}`);
  }
  if (account.status === 'active') {
    add(f, `${NOW_BUCKET}|${am}|ma|`);
    add(f, `${NOW_BUCKET}|${am}|md|${account.contract.endDate},${account.contract.value.currency}`);
    money(f, NOW_BUCKET, am, 'mv', account.contract.value, `${account.contract.endDate},`);
  }
  return f;
}
