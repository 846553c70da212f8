import type { Account, RenewalRecord } from '../accounts/account.js';
import { inWindow, type Window } from './period.js';
import { addMoney, ratio, type MoneyMap, type Tallies } from './stats.js';

/**
 * An AM's numbers for one window: the renewal decisions recorded in it (`renewals[].at`) for the
 * accounts the AM manages now (`amId`).
 */
export type AmStats = {
  /** Renewed at a new value. */
  renewed: number;
  /** Renewed with value added. */
  upsold: number;
  /** Not renewed. */
  churned: number;
  /** renewed + upsold + churned. */
  decided: number;
  /** Renewal rate: (renewed + upsold) / decided; null when nothing was decided. */
  renewalRate: number | null;
  /**
   * Net revenue retention per currency: Σ new contract value (0 for a churn) / Σ previous contract
   * value over the decisions. A currency is present only when its previous value is above 0; a
   * renewal that switched currency is left out of NRR and expansion (it cannot be compared).
   */
  netRevenueRetention: Record<string, number>;
  /** Expansion: Σ of the increases (new − previous, where positive), per currency. */
  expansion: MoneyMap;
  /** Σ previous contract value of the decisions (NRR's denominator), per currency. */
  previousValue: MoneyMap;
  /** Σ new contract value of the decisions (NRR's numerator), per currency. */
  retainedValue: MoneyMap;
};

/** Running AM counters for one window. */
export type AmTally = Omit<AmStats, 'decided' | 'renewalRate' | 'netRevenueRetention'>;

/** Fresh AM counters. */
export function newAmTally(): AmTally {
  return { renewed: 0, upsold: 0, churned: 0, expansion: {}, previousValue: {}, retainedValue: {} };
}

/** Adds one renewal decision into the counters. */
export function countDecision(x: AmTally, r: RenewalRecord): void {
  if (r.action === 'renewed') x.renewed++;
  else if (r.action === 'upsold') x.upsold++;
  else if (r.action === 'churned') x.churned++;
  else return;
  const prev = r.previousValue;
  const next = r.action === 'churned' ? undefined : r.newValue;
  if (next && next.currency !== prev.currency) return;
  addMoney(x.previousValue, prev);
  addMoney(x.retainedValue, next ?? { amount: 0, currency: prev.currency });
  if (next && next.amount > prev.amount)
    addMoney(x.expansion, { amount: next.amount - prev.amount, currency: prev.currency });
}

/** Counts one account's renewal decisions that fall in the window `w`. */
export function observeAm(account: Account, w: Window, t: Tallies<AmTally>): void {
  for (const r of account.renewals) {
    if (!inWindow(w, r.at)) continue;
    if (account.amId) countDecision(t.person(account.amId), r);
    countDecision(t.team, r);
  }
}

/** The counters with their ratios. */
export function amStats(t: AmTally): AmStats {
  const decided = t.renewed + t.upsold + t.churned;
  const nrr: Record<string, number> = {};
  for (const [currency, base] of Object.entries(t.previousValue)) {
    const r = ratio(t.retainedValue[currency] ?? 0, base);
    if (r !== null) nrr[currency] = r;
  }
  return {
    renewed: t.renewed,
    upsold: t.upsold,
    churned: t.churned,
    decided,
    renewalRate: ratio(t.renewed + t.upsold, decided),
    netRevenueRetention: nrr,
    expansion: { ...t.expansion },
    previousValue: { ...t.previousValue },
    retainedValue: { ...t.retainedValue },
  };
}

/** Whether the counters show any AM activity. */
export function hasAmActivity(t: AmTally): boolean {
  return t.renewed + t.upsold + t.churned > 0;
}

/** Renewals are "due soon" when the contract ends within this many days. */
export const RENEWAL_HORIZON_DAYS = 90;

/** An AM's standing as of now (not windowed). */
export type AmSnapshot = {
  /** Active accounts the AM manages. */
  activeAccounts: number;
  /**
   * Renewals due soon: active accounts whose current contract ends within the next 90 days
   * (end date from today to today + 90 in the team's calendar), plus overdue ones.
   */
  renewalsDue: number;
  /** Of those, active accounts whose end date has passed without a decision. */
  overdue: number;
  /** Current contract value of the renewals due, per currency. */
  renewalsDueValue: MoneyMap;
};

/** Fresh snapshot counters. */
export function newAmNowTally(): AmSnapshot {
  return { activeAccounts: 0, renewalsDue: 0, overdue: 0, renewalsDueValue: {} };
}

/** The calendar dates (YYYY-MM-DD, team zone) that bound "due soon". */
export type DueRange = { today: string; until: string };

/** Whether an account's renewal is due by `range.until` (overdue included). */
export function isDue(account: Account, range: DueRange): boolean {
  return account.status === 'active' && account.contract.endDate <= range.until;
}

/** Counts one account into its AM's snapshot. */
export function observeAmNow(account: Account, range: DueRange, t: Tallies<AmSnapshot>): void {
  if (account.status !== 'active') return;
  const due = isDue(account, range);
  const overdue = account.contract.endDate < range.today;
  for (const x of account.amId ? [t.person(account.amId), t.team] : [t.team]) {
    x.activeAccounts++;
    if (!due) continue;
    x.renewalsDue++;
    if (overdue) x.overdue++;
    addMoney(x.renewalsDueValue, account.contract.value);
  }
}

/** Whether the snapshot shows any AM responsibility. */
export function hasAmAccounts(s: AmSnapshot): boolean {
  return s.activeAccounts > 0;
}
