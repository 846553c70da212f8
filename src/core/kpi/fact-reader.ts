import type { DueRange } from './am.js';
import { NO_PERSON, NOW_BUCKET, TEAM_ONLY, bucketStart } from './facts.js';
import type { ForecastStage, ForecastTally } from './forecast-tally.js';
import type { FunnelTally } from './funnel.js';
import { inWindow, type Window } from './period.js';
import type { RoleTally } from './report.js';
import type { MoneyMap } from './stats.js';

/** Where summed facts (facts.ts) are counted: the accumulator's tallies. */
export type FactSinks = {
  windows: readonly [Window, Window];
  lookback: Window;
  due: DueRange;
  person(id: string): RoleTally;
  team: RoleTally;
  funnels: readonly [FunnelTally, FunnelTally];
  forecast: ForecastTally;
};

function plus(map: Record<string, number>, key: string, n: number): void {
  map[key] = (map[key] ?? 0) + n;
}

function ensure(map: MoneyMap, key: string): void {
  map[key] ??= 0;
}

const SDR = {
  lc: 'leadsCreated',
  lm: 'leadsWithMeeting',
  mb: 'meetingsBooked',
  mh: 'meetingsHeld',
  mn: 'noShows',
} as const;
const FUNNEL = { fc: 'created', fk: 'claimed', fm: 'meeting_booked', fh: 'held', fw: 'won' } as const;

/** Counts one fact of a window bucket into window `i`'s tallies (person and team). */
function windowed(s: FactSinks, i: 0 | 1, who: string, metric: string, extra: string, n: number): void {
  const w = s.windows[i];
  const targets = who === NO_PERSON || who === TEAM_ONLY ? [s.team] : [s.person(who), s.team];
  const firstIn = extra === '-' || bucketStart(extra) < w.from.getTime();
  if (metric in SDR) {
    for (const t of targets) t.sdr[i][SDR[metric as keyof typeof SDR]] += n;
  } else if (metric in FUNNEL) {
    s.funnels[i][FUNNEL[metric as keyof typeof FUNNEL]] += n;
  } else if (metric === 'of') {
    if (firstIn) s.person(who).ae[i].leadsOffered += n;
  } else if (metric === 'oT') {
    if (firstIn) s.team.ae[i].leadsOffered += n;
  } else {
    for (const t of targets) {
      const ae = t.ae[i];
      const am = t.am[i];
      switch (metric) {
        case 'cl':
          ae.claimed += n;
          break;
        case 'sp':
          for (let k = 0; k < n; k++) ae.speed.add(Number(extra) / 60_000);
          break;
        case 'dw':
          ae.won += n;
          break;
        case 'dl':
          ae.lost += n;
          break;
        case 'bv':
          plus(ae.bookedValue, extra, n);
          break;
        case 'bn':
          plus(ae.wonByCurrency, extra, n);
          ensure(ae.bookedValue, extra);
          break;
        case 'ar':
          am.renewed += n;
          break;
        case 'au':
          am.upsold += n;
          break;
        case 'ac':
          am.churned += n;
          break;
        case 'ap':
          plus(am.previousValue, extra, n);
          break;
        case 'aR':
          plus(am.retainedValue, extra, n);
          break;
        case 'ax':
          plus(am.expansion, extra, n);
          break;
        case 'an':
          ensure(am.previousValue, extra);
          ensure(am.retainedValue, extra);
          break;
      }
    }
  }
}

/** Counts one fact of a window bucket into the forecast's lookback. */
function lookback(s: FactSinks, metric: string, extra: string, n: number): void {
  const f = s.forecast;
  switch (metric) {
    case 'xc':
      f.closed[extra as ForecastStage] += n;
      break;
    case 'xw':
      f.won[extra as ForecastStage] += n;
      break;
    case 'xv':
      plus(f.wonValue, extra, n);
      break;
    case 'xn':
      plus(f.wonByCurrency, extra, n);
      ensure(f.wonValue, extra);
      break;
    case 'ar':
    case 'au':
      f.decided += n;
      f.kept += n;
      break;
    case 'ac':
      f.decided += n;
      break;
  }
}

/** Counts one `now` fact into the snapshots and the forecast's open pipeline and renewals due. */
function current(s: FactSinks, who: string, metric: string, extra: string, n: number): void {
  const targets = who === NO_PERSON || who === TEAM_ONLY ? [s.team] : [s.person(who), s.team];
  const [left = '', currency = ''] = extra.split(',');
  const f = s.forecast;
  switch (metric) {
    case 'fo':
      f.open[extra as ForecastStage].count += n;
      return;
    case 'fn':
      f.open[extra as ForecastStage].withoutValue += n;
      return;
    case 'fv':
      plus(f.open[left as ForecastStage].value, currency, n);
      return;
    case 'fq':
      ensure(f.open[left as ForecastStage].value, currency);
      return;
  }
  const dueNow = left <= s.due.until;
  if (metric === 'md' && dueNow) {
    f.dueAccounts += n;
    ensure(f.dueValue, currency);
  } else if (metric === 'mv' && dueNow) plus(f.dueValue, currency, n);
  for (const t of targets) {
    const ae = t.aeNow;
    const am = t.amNow;
    switch (metric) {
      case 'po':
        ae.openLeads += n;
        break;
      case 'pn':
        ae.openLeadsWithoutValue += n;
        break;
      case 'pv':
        plus(ae.openPipeline, extra, n);
        break;
      case 'pc':
        ensure(ae.openPipeline, extra);
        break;
      case 'ta':
        ae.accounts += n;
        break;
      case 'tv':
        plus(ae.contracted, extra, n);
        break;
      case 'tn':
        plus(ae.contractedAccounts, extra, n);
        break;
      case 'ma':
        am.activeAccounts += n;
        break;
      case 'md':
        if (!dueNow) break;
        am.renewalsDue += n;
        if (left < s.due.today) am.overdue += n;
        ensure(am.renewalsDueValue, currency);
        break;
      case 'mv':
        if (dueNow) plus(am.renewalsDueValue, currency, n);
        break;
    }
  }
}

/** Counts summed facts (any order, each key once) into the tallies of a report. */
export function tallyFacts(facts: Iterable<readonly [string, number]>, s: FactSinks): void {
  for (const [key, n] of facts) {
    const [bucket = '', who = '', metric = '', extra = ''] = key.split('|');
    if (bucket === NOW_BUCKET) {
      current(s, who, metric, extra, n);
      continue;
    }
    const t = new Date(bucketStart(bucket));
    if (inWindow(s.windows[0], t)) windowed(s, 0, who, metric, extra, n);
    if (inWindow(s.windows[1], t)) windowed(s, 1, who, metric, extra, n);
    if (inWindow(s.lookback, t)) lookback(s, metric, extra, n);
  }
}
