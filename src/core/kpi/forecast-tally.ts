import type { Account } from '../accounts/account.js';
import type { Lead, LeadStatus } from '../leads/lead.js';
import { isDue, type DueRange } from './am.js';
import { wasClaimed } from './definitions.js';
import { inWindow, type Window } from './period.js';
import { addMoney, type MoneyMap } from './stats.js';

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
      return wasClaimed(lead);
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
export function observeForecastAccount(
  account: Account,
  lookback: Window,
  due: DueRange,
  t: ForecastTally,
): void {
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
