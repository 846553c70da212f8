import type { Window } from './period.js';
import { addMoney, addMoneyMap, averageMoney, ratio, roundMoney, type MoneyMap } from './stats.js';
import { FORECAST_STAGES, MIN_SAMPLE, type ForecastStage, type ForecastTally } from './forecast-tally.js';

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
      else if (open.withoutValue > 0)
        addMoney(expected, { amount: assumed * open.withoutValue, currency }, rate);
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
    renewals: {
      decided: t.decided,
      kept: t.kept,
      rate: renewalRate,
      dueAccounts: t.dueAccounts,
      dueValue: { ...t.dueValue },
    },
    expectedRenewalRevenue: roundMoney(expectedRenewalRevenue),
  };
}
