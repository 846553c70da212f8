import { DateTime } from 'luxon';
import type { Account } from '../accounts/account.js';
import type { Lead } from '../leads/lead.js';
import { localDate } from '../time.js';
import {
  newAeNowTally,
  newAeTally,
  observeAe,
  observeLifetimeValue,
  observePipeline,
  type AeNowTally,
  type AeTally,
} from './ae.js';
import {
  newAmNowTally,
  newAmTally,
  observeAm,
  observeAmNow,
  RENEWAL_HORIZON_DAYS,
  type AmSnapshot,
  type AmTally,
  type DueRange,
} from './am.js';
import { tallyFacts } from './fact-reader.js';
import type { FactMap } from './facts.js';
import { forecast } from './forecast.js';
import {
  DEFAULT_LOOKBACK_DAYS,
  newForecastTally,
  observeForecastAccount,
  observeForecastLead,
  type ForecastTally,
} from './forecast-tally.js';
import { funnel, newFunnelTally, observeFunnel, type FunnelTally } from './funnel.js';
import { periodWindow, previousWindow, type Window } from './period.js';
import {
  allSections,
  personRef,
  sectionsFor,
  type PersonRef,
  type PersonReport,
  type RoleTally,
  type TeamReport,
} from './report.js';
import { newSdrTally, observeSdr, type SdrTally } from './sdr.js';
import type { Tallies } from './stats.js';

/** What a computation covers. */
export type KpiOptions = {
  /** The report's window; the comparison window is the one immediately before it. */
  window: Window;
  /** The instant "now" (open pipeline, renewals due, forecast). */
  now: Date;
  /** The team's currency, assumed for open leads without an estimate in the forecast. */
  currency: string;
  /** Days of closed leads and renewal decisions the forecast learns from (default 180, at most 366). */
  lookbackDays?: number;
};

const BOTH = [0, 1] as const;

function newRoleTally(): RoleTally {
  return {
    sdr: [newSdrTally(), newSdrTally()],
    ae: [newAeTally(), newAeTally()],
    am: [newAmTally(), newAmTally()],
    aeNow: newAeNowTally(),
    amNow: newAmNowTally(),
  };
}

/**
 * Computes every KPI in one pass: feed it each lead and each account once (in any order), then
 * read the reports. Memory grows with the number of people, not of leads (plus one number per
 * claim in the window, for exact speed-to-claim medians); each lead costs a constant amount of
 * work (proportional to its own offers and meetings).
 */
export class KpiAccumulator {
  readonly window: Window;
  readonly previous: Window;
  readonly lookback: Window;
  readonly due: DueRange;
  private readonly now: Date;
  private readonly currency: string;
  private readonly people = new Map<string, RoleTally>();
  private readonly team = newRoleTally();
  private readonly funnels: [FunnelTally, FunnelTally] = [newFunnelTally(), newFunnelTally()];
  private readonly forecastTally: ForecastTally = newForecastTally();
  private readonly windows: [Window, Window];
  private readonly sdr: [Tallies<SdrTally>, Tallies<SdrTally>];
  private readonly ae: [Tallies<AeTally>, Tallies<AeTally>];
  private readonly am: [Tallies<AmTally>, Tallies<AmTally>];
  private readonly aeNow: Tallies<AeNowTally>;
  private readonly amNow: Tallies<AmSnapshot>;

  constructor(opts: KpiOptions) {
    this.window = opts.window;
    this.previous = previousWindow(opts.window);
    this.now = opts.now;
    this.currency = opts.currency;
    const tz = opts.window.timezone;
    this.lookback = periodWindow(`${opts.lookbackDays ?? DEFAULT_LOOKBACK_DAYS}d`, opts.now, tz);
    const today = DateTime.fromJSDate(opts.now, { zone: tz });
    this.due = {
      today: localDate(tz, opts.now),
      until: today.plus({ days: RENEWAL_HORIZON_DAYS }).toISODate() ?? '',
    };
    this.windows = [this.window, this.previous];
    const lens = <T>(pick: (t: RoleTally) => T): Tallies<T> => ({
      person: (id) => pick(this.tallyOf(id)),
      team: pick(this.team),
    });
    this.sdr = [lens((t) => t.sdr[0]), lens((t) => t.sdr[1])];
    this.ae = [lens((t) => t.ae[0]), lens((t) => t.ae[1])];
    this.am = [lens((t) => t.am[0]), lens((t) => t.am[1])];
    this.aeNow = lens((t) => t.aeNow);
    this.amNow = lens((t) => t.amNow);
  }

  private tallyOf(personId: string): RoleTally {
    let t = this.people.get(personId);
    if (!t) {
      t = newRoleTally();
      this.people.set(personId, t);
    }
    return t;
  }

  /** Counts one lead (each lead once). */
  addLead(lead: Lead): void {
    for (const i of BOTH) {
      const w = this.windows[i];
      observeSdr(lead, w, this.sdr[i]);
      observeAe(lead, w, this.ae[i]);
      observeFunnel(lead, w, this.funnels[i]);
    }
    observePipeline(lead, this.aeNow);
    observeForecastLead(lead, this.lookback, this.forecastTally);
  }

  /** Counts one account (each account once). */
  addAccount(account: Account): void {
    for (const i of BOTH) observeAm(account, this.windows[i], this.am[i]);
    observeLifetimeValue(account, this.aeNow);
    observeAmNow(account, this.due, this.amNow);
    observeForecastAccount(account, this.lookback, this.due, this.forecastTally);
  }

  /**
   * Counts summed KPI facts (facts.ts) instead of leads and accounts: the facts of every bucket
   * the report's windows, the forecast's lookback and `now` cover. Counting the facts of a set of
   * leads and accounts gives the same reports as adding the leads and accounts themselves.
   */
  addFacts(facts: FactMap | Iterable<readonly [string, number]>): void {
    const entries = Symbol.iterator in facts ? facts : Object.entries(facts);
    tallyFacts(entries, {
      windows: this.windows,
      lookback: this.lookback,
      due: this.due,
      person: (id) => this.tallyOf(id),
      team: this.team,
      funnels: this.funnels,
      forecast: this.forecastTally,
    });
  }

  /** The bounds of the report's windows: a day none of them cuts can be read as one sum. */
  get factCuts(): Date[] {
    return [this.previous.from, this.window.from, this.window.to, this.lookback.from, this.lookback.to];
  }

  /** The instant a report reads facts up to (the window's or the lookback's end). */
  get factsTo(): Date {
    return new Date(Math.max(this.window.to.getTime(), this.lookback.to.getTime()));
  }

  /** The earliest instant a report reads facts from (the previous window or the lookback). */
  get factsFrom(): Date {
    return new Date(Math.min(this.previous.from.getTime(), this.lookback.from.getTime()));
  }

  /** One person's report: a section per role they hold or have numbers in. */
  personReport(person: PersonRef): PersonReport {
    const t = this.people.get(person.id) ?? newRoleTally();
    return {
      person: personRef(person),
      window: this.window,
      previous: this.previous,
      generatedAt: this.now,
      roles: sectionsFor(person.roles, t),
    };
  }

  /**
   * The team's report. Rows follow `people`'s order; an inactive person appears only if they
   * have numbers, and a person with no section (a manager with no numbers) has no row.
   */
  teamReport(teamId: string, people: readonly PersonRef[]): TeamReport {
    const rows: TeamReport['people'] = [];
    for (const p of people) {
      const roles = sectionsFor(p.active ? p.roles : [], this.people.get(p.id) ?? newRoleTally());
      if (roles.sdr || roles.ae || roles.am) rows.push({ person: personRef(p), roles });
    }
    return {
      teamId,
      window: this.window,
      previous: this.previous,
      generatedAt: this.now,
      currency: this.currency,
      people: rows,
      totals: allSections(this.team),
      funnel: { current: funnel(this.funnels[0]), previous: funnel(this.funnels[1]) },
      forecast: forecast(this.forecastTally, this.lookback, this.currency),
    };
  }
}

/** Pure convenience over arrays: the team report for these leads, accounts and people. */
export function teamKpis(
  input: { teamId: string; leads: Iterable<Lead>; accounts: Iterable<Account>; people: readonly PersonRef[] },
  opts: KpiOptions,
): TeamReport {
  const acc = new KpiAccumulator(opts);
  for (const lead of input.leads) acc.addLead(lead);
  for (const account of input.accounts) acc.addAccount(account);
  return acc.teamReport(input.teamId, input.people);
}

/** Pure convenience over arrays: one person's report for these leads and accounts. */
export function personKpis(
  input: { person: PersonRef; leads: Iterable<Lead>; accounts: Iterable<Account> },
  opts: KpiOptions,
): PersonReport {
  const acc = new KpiAccumulator(opts);
  for (const lead of input.leads) acc.addLead(lead);
  for (const account of input.accounts) acc.addAccount(account);
  return acc.personReport(input.person);
}
