import type { Account } from '../accounts/account.js';
import type { Lead, LeadStatus } from '../leads/lead.js';
import { isDue, type DueRange } from './am.js';
import { inWindow, type Window } from './period.js';
import { addMoney, addMoneyMap, averageMoney, ratio, roundMoney, type MoneyMap } from './stats.js';

/** Stages a forecast measures; `new` covers new, queued and offered leads (not yet claimed). */
export const FORECAST_STAGES = ['new', 'claimed', 'meeting_booked', 'held', 'no_show'] as const;
export type ForecastStage = (typeof FORECAST_STAGES)[number];

/** Below this many closed leads behind a stage (or renewal decisions) its rate is "not enough data". */
export const MIN_SAMPLE = 5;
/** How far back the forecast measures the team's conversions, by default. */
export const DEFAULT_LOOKBACK_DAYS = 180;

/** The forecast stage of an open lead's status; null for closed leads. */
export function forecastStageOf(status: LeadStatus): ForecastStage | null {
  switch (status) {
    case 'new':
    case 'queued':
    case 'offered':
      return 'new';
    case 'claimed':
    case 'meeting_booked':
    case 'held':
    case 'no_show':
      return status;
    default:
      return null;
  }
}

/** Whether a lead has ever reached `stage` (a meeting booked, held or missed at least once…). */
export function reachedStage(lead: Lead, stage: ForecastStage): boolean {
  switch (stage) {
    case 'new':
      return true;
    case 'claimed':
      return Boolean(lead.claimedAt || lead.ownerId);
    case 'meeting_booked':
      return lead.meetings.length > 0;
    default:
      return lead.meetings.some((m) => m.status === stage);
  }
}

/** When a closed lead closed: its deal's time, or its last change for a disqualified lead. */
export function closedAt(lead: Lead): Date | undefined {
  if (lead.deal) return lead.deal.at;
  return lead.status === 'disqualified' ? lead.updatedAt : undefined;
}

type OpenTally = { count: number; value: MoneyMap; withoutValue: number };

/** Running forecast counters. */
export type ForecastTally = {
  closed: Record<ForecastStage, number>;
  won: Record<ForecastStage, number>;
  wonValue: MoneyMap;
  wonByCurrency: Record<string, number>;
  open: Record<ForecastStage, OpenTally>;
  decided: number;
  kept: number;
  dueAccounts: number;
  dueValue: MoneyMap;
};

const perStage = <T>(make: () => T) =>
  Object.fromEntries(FORECAST_STAGES.map((s) => [s, make()])) as Record<ForecastStage, T>;

/** Fresh forecast counters. */
export function newForecastTally(): ForecastTally {
  return {
    closed: perStage(() => 0),
    won: perStage(() => 0),
    wonValue: {},
    wonByCurrency: {},
    open: perStage(() => ({ count: 0, value: {}, withoutValue: 0 })),
    decided: 0,
    kept: 0,
    dueAccounts: 0,
    dueValue: {},
  };
}

/** Counts a lead: a closed one (closed in the lookback) into the rates, an open one into the pipeline. */
export function observeForecastLead(lead: Lead, lookback: Window, t: ForecastTally): void {
  const stage = forecastStageOf(lead.status);
  if (stage) {
    const o = t.open[stage];
    o.count++;
    if (lead.fields.value) addMoney(o.value, lead.fields.value);
    else o.withoutValue++;
    return;
  }
  if (!inWindow(lookback, closedAt(lead))) return;
  const won = lead.status === 'won';
  for (const s of FORECAST_STAGES) {
    if (!reachedStage(lead, s)) continue;
    t.closed[s]++;
    if (won) t.won[s]++;
  }
  if (won && lead.deal?.value) {
    addMoney(t.wonValue, lead.deal.value);
    t.wonByCurrency[lead.deal.value.currency] = (t.wonByCurrency[lead.deal.value.currency] ?? 0) + 1;
  }
}

/** Counts an account: its renewal decisions in the lookback into the rate, its contract if due soon. */
export function observeForecastAccount(account: Account, lookback: Window, due: DueRange, t: ForecastTally): void {
  for (const r of account.renewals) {
    if (!inWindow(lookback, r.at) || !['renewed', 'upsold', 'churned'].includes(r.action)) continue;
    t.decided++;
    if (r.action !== 'churned') t.kept++;
  }
  if (isDue(account, due)) {
    t.dueAccounts++;
    addMoney(t.dueValue, account.contract.value);
  }
}

/** One stage of the forecast: the measured rate and what it predicts for today's open leads. */
export type ForecastStageRate = {
  stage: ForecastStage;
  /** Closed leads in the lookback that reached this stage (the sample size). */
  closed: number;
  /** Of those, how many were won. */
  won: number;
  /** P(won | reached stage) = won / closed; null ("not enough data") when closed < MIN_SAMPLE. */
  rate: number | null;
  /** Open leads now at this stage. */
  open: number;
  /** Expected revenue from them: rate × each lead's estimated value (else the average won deal). */
  expected: MoneyMap;
};

/**
 * A forecast from the team's own conversions, measured on the leads that closed (won, lost or
 * disqualified) in the lookback:
 * - expected new revenue = Σ over open leads of P(won | the lead's current stage) × the lead's
 *   estimated value, or, when it has none, the team's average won deal (lookback) in the team's
 *   currency;
 * - expected renewal revenue = the renewal rate over the lookback's renewal decisions × the current
 *   contract value of the active accounts due in the next 90 days (overdue ones included).
 * A rate measured on fewer than MIN_SAMPLE cases is null and predicts nothing.
 */
export type Forecast = {
  lookback: { from: Date; to: Date; days: number };
  minSample: number;
  stages: ForecastStageRate[];
  /** Average won deal per currency over the lookback. */
  averageWonDeal: MoneyMap;
  expectedNewRevenue: MoneyMap;
  /** Open leads left out because their stage has not enough data. */
  leadsWithoutRate: number;
  /** Open leads left out because they have no estimate and there is no average won deal to assume. */
  leadsWithoutValue: number;
  renewals: {
    /** Renewal decisions in the lookback (the sample size). */
    decided: number;
    /** Of those, renewed or upsold. */
    kept: number;
    /** kept / decided; null when decided < MIN_SAMPLE. */
    rate: number | null;
    dueAccounts: number;
    dueValue: MoneyMap;
  };
  expectedRenewalRevenue: MoneyMap;
};

/** The forecast from its counters; `currency` is the team's (assumed for leads without an estimate). */
export function forecast(t: ForecastTally, lookback: Window, currency: string): Forecast {
  const averageWonDeal = averageMoney(t.wonValue, t.wonByCurrency);
  const assumed = averageWonDeal[currency];
  const total: MoneyMap = {};
  let leadsWithoutRate = 0;
  let leadsWithoutValue = 0;
  const stages = FORECAST_STAGES.map((stage): ForecastStageRate => {
    const closed = t.closed[stage];
    const rate = closed >= MIN_SAMPLE ? ratio(t.won[stage], closed) : null;
    const open = t.open[stage];
    const expected: MoneyMap = {};
    if (rate === null) leadsWithoutRate += open.count;
    else {
      addMoneyMap(expected, open.value, rate);
      if (assumed === undefined) leadsWithoutValue += open.withoutValue;
      else if (open.withoutValue > 0) addMoney(expected, { amount: assumed * open.withoutValue, currency }, rate);
    }
    addMoneyMap(total, expected);
    return { stage, closed, won: t.won[stage], rate, open: open.count, expected: roundMoney(expected) };
  });
  const renewalRate = t.decided >= MIN_SAMPLE ? ratio(t.kept, t.decided) : null;
  const expectedRenewalRevenue: MoneyMap = {};
  if (renewalRate !== null) addMoneyMap(expectedRenewalRevenue, t.dueValue, renewalRate);
  return {
    lookback: { from: lookback.from, to: lookback.to, days: lookback.days },
    minSample: MIN_SAMPLE,
    stages,
    averageWonDeal,
    expectedNewRevenue: roundMoney(total),
    leadsWithoutRate,
    leadsWithoutValue,
    renewals: { decided: t.decided, kept: t.kept, rate: renewalRate, dueAccounts: t.dueAccounts, dueValue: { ...t.dueValue } },
    expectedRenewalRevenue: roundMoney(expectedRenewalRevenue),
  };
}
