import type { Account } from '../accounts/account.js';
import type { Lead, LeadStatus } from '../leads/lead.js';
import { leadClaim } from './definitions.js';
import { inWindow, type Window } from './period.js';
import { addMoney, averageMoney, ratio, Sample, type MoneyMap, type Tallies } from './stats.js';

/** An AE's numbers for one window. The AE of a lead is its owner (`ownerId`). */
export type AeStats = {
  /**
   * Leads offered in the window: for a person, the leads offered to them at least once in it; for
   * the team, the leads offered to anyone in it. A lead counts once however many offers it took.
   */
  leadsOffered: number;
  /** Leads the AE owns that were claimed in the window. */
  claimed: number;
  /**
   * Speed to claim: the median, over the leads claimed in the window, of each lead's speed to
   * claim (`leadClaim` in definitions.ts: from its first offer, or its creation when it was
   * never offered, to the claim). Every claim is in the sample, so `sample` equals `claimed`.
   */
  speedToClaim: { medianMinutes: number | null; sample: number };
  /** Deals of the AE's leads recorded won in the window. */
  won: number;
  /** Deals of the AE's leads recorded lost in the window. */
  lost: number;
  /** won / (won + lost); null when no deal closed. */
  winRate: number | null;
  /** Sum of the won deals' values, per currency. */
  bookedValue: MoneyMap;
  /** bookedValue / number of won deals in that currency. */
  averageDealSize: MoneyMap;
};

/** Running AE counters for one window. */
export type AeTally = {
  leadsOffered: number;
  claimed: number;
  won: number;
  lost: number;
  bookedValue: MoneyMap;
  wonByCurrency: Record<string, number>;
  speed: Sample;
};

/** Fresh AE counters. */
export function newAeTally(): AeTally {
  return {
    leadsOffered: 0,
    claimed: 0,
    won: 0,
    lost: 0,
    bookedValue: {},
    wonByCurrency: {},
    speed: new Sample(),
  };
}

/** Counts one lead's AE facts that fall in the window `w`. */
export function observeAe(lead: Lead, w: Window, t: Tallies<AeTally>): void {
  const offeredTo = new Set<string>();
  for (const o of lead.offers) if (inWindow(w, o.at)) offeredTo.add(o.personId);
  for (const id of offeredTo) t.person(id).leadsOffered++;
  if (offeredTo.size) t.team.leadsOffered++;
  const owner = lead.ownerId ? t.person(lead.ownerId) : undefined;
  const tallies = owner ? [owner, t.team] : [t.team];
  const claim = leadClaim(lead);
  if (claim && inWindow(w, claim.at)) {
    for (const x of tallies) {
      x.claimed++;
      x.speed.add(claim.minutes);
    }
  }
  const deal = lead.deal;
  if (deal && inWindow(w, deal.at)) {
    for (const x of tallies) {
      if (deal.outcome === 'lost') x.lost++;
      else {
        x.won++;
        if (deal.value) {
          addMoney(x.bookedValue, deal.value);
          x.wonByCurrency[deal.value.currency] = (x.wonByCurrency[deal.value.currency] ?? 0) + 1;
        }
      }
    }
  }
}

/** The counters with their ratios. */
export function aeStats(t: AeTally): AeStats {
  return {
    leadsOffered: t.leadsOffered,
    claimed: t.claimed,
    speedToClaim: { medianMinutes: t.speed.median(), sample: t.speed.size },
    won: t.won,
    lost: t.lost,
    winRate: ratio(t.won, t.won + t.lost),
    bookedValue: { ...t.bookedValue },
    averageDealSize: averageMoney(t.bookedValue, t.wonByCurrency),
  };
}

/** Whether the counters show any AE activity. */
export function hasAeActivity(t: AeTally): boolean {
  return t.leadsOffered + t.claimed + t.won + t.lost > 0;
}

/** Statuses whose leads make up an AE's open pipeline (owned and not yet closed). */
export const PIPELINE_STATUSES: readonly LeadStatus[] = ['claimed', 'meeting_booked', 'held', 'no_show'];

/** An AE's standing as of now (not windowed). */
export type AeSnapshot = {
  /** Open leads the AE owns (claimed, meeting booked, held, no-show). */
  openLeads: number;
  /** Of those, how many have no estimated value (they are not in `openPipeline`). */
  openLeadsWithoutValue: number;
  /** Open pipeline: the sum of the estimated values of those leads, per currency. */
  openPipeline: MoneyMap;
  /** Accounts the AE won (active or churned). */
  accounts: number;
  /**
   * LTV: the average total contracted value of the AE's accounts, per currency. An account's
   * total contracted value is its first contract's value plus the new value of every renewal or
   * upsell since; a churned account keeps what it paid. Each contract period counts in its own
   * currency, averaged over the accounts that have value in that currency.
   */
  lifetimeValue: MoneyMap;
};

/** Running counters behind {@link AeSnapshot}. */
export type AeNowTally = Omit<AeSnapshot, 'lifetimeValue'> & {
  contracted: MoneyMap;
  contractedAccounts: Record<string, number>;
};

/** Fresh snapshot counters. */
export function newAeNowTally(): AeNowTally {
  return {
    openLeads: 0,
    openLeadsWithoutValue: 0,
    openPipeline: {},
    accounts: 0,
    contracted: {},
    contractedAccounts: {},
  };
}

/** Counts one lead into its owner's open pipeline, if it is open and owned. */
export function observePipeline(lead: Lead, t: Tallies<AeNowTally>): void {
  if (!lead.ownerId || !PIPELINE_STATUSES.includes(lead.status)) return;
  for (const x of [t.person(lead.ownerId), t.team]) {
    x.openLeads++;
    if (lead.fields.value) addMoney(x.openPipeline, lead.fields.value);
    else x.openLeadsWithoutValue++;
  }
}

/** An account's total contracted value, per currency (see {@link AeSnapshot.lifetimeValue}). */
export function contractedValue(account: Account): MoneyMap {
  const out: MoneyMap = {};
  addMoney(out, account.renewals[0]?.previousValue ?? account.contract.value);
  for (const r of account.renewals) addMoney(out, r.newValue);
  return out;
}

/** Counts one account into its AE's lifetime value. */
export function observeLifetimeValue(account: Account, t: Tallies<AeNowTally>): void {
  const value = contractedValue(account);
  for (const x of [t.person(account.aeId), t.team]) {
    x.accounts++;
    for (const [currency, amount] of Object.entries(value)) {
      x.contracted[currency] = (x.contracted[currency] ?? 0) + amount;
      x.contractedAccounts[currency] = (x.contractedAccounts[currency] ?? 0) + 1;
    }
  }
}

/** The snapshot with its averages. */
export function aeSnapshot(t: AeNowTally): AeSnapshot {
  return {
    openLeads: t.openLeads,
    openLeadsWithoutValue: t.openLeadsWithoutValue,
    openPipeline: { ...t.openPipeline },
    accounts: t.accounts,
    lifetimeValue: averageMoney(t.contracted, t.contractedAccounts),
  };
}
