import type { Person, Role } from '../roster/person.js';
import {
  aeSnapshot,
  aeStats,
  hasAeActivity,
  type AeNowTally,
  type AeSnapshot,
  type AeStats,
  type AeTally,
} from './ae.js';
import { amStats, hasAmAccounts, hasAmActivity, type AmSnapshot, type AmStats, type AmTally } from './am.js';
import type { Forecast } from './forecast.js';
import type { Funnel } from './funnel.js';
import type { Window } from './period.js';
import { hasSdrActivity, sdrStats, type SdrStats, type SdrTally } from './sdr.js';

/** A figure for the report's window and for the window before it. */
export type Compared<T> = { current: T; previous: T };

/**
 * A person's (or the team's) numbers per role. A person gets a role's section when they hold the
 * role, or when they have numbers in it anyway (a manager who created leads gets an SDR section).
 */
export type RoleSections = {
  sdr?: Compared<SdrStats>;
  ae?: Compared<AeStats> & { now: AeSnapshot };
  am?: Compared<AmStats> & { now: AmSnapshot };
};

/** Who a report row is about. */
export type PersonRef = Pick<Person, 'id' | 'name' | 'handle' | 'roles' | 'active'>;

/** One person's KPIs for a window against the previous one. */
export type PersonReport = {
  person: PersonRef;
  window: Window;
  previous: Window;
  generatedAt: Date;
  roles: RoleSections;
};

/**
 * The manager's report: every person's role numbers, the team's totals per role, the funnel of
 * the leads created in the window, and the forecast. Team totals count every lead, meeting, deal
 * and renewal of the team, including those of people who left or do not hold the role, so they
 * may exceed the sum of the rows.
 */
export type TeamReport = {
  teamId: string;
  window: Window;
  previous: Window;
  generatedAt: Date;
  /** The team's currency (assumed for leads without an estimate in the forecast). */
  currency: string;
  people: { person: PersonRef; roles: RoleSections }[];
  totals: Required<RoleSections>;
  funnel: Compared<Funnel>;
  forecast: Forecast;
};

/** A person's or the team's counters, for both windows ([current, previous]) and now. */
export type RoleTally = {
  sdr: [SdrTally, SdrTally];
  ae: [AeTally, AeTally];
  am: [AmTally, AmTally];
  aeNow: AeNowTally;
  amNow: AmSnapshot;
};

/** All role sections of a tally, whatever the roles. */
export function allSections(t: RoleTally): Required<RoleSections> {
  return {
    sdr: { current: sdrStats(t.sdr[0]), previous: sdrStats(t.sdr[1]) },
    ae: { current: aeStats(t.ae[0]), previous: aeStats(t.ae[1]), now: aeSnapshot(t.aeNow) },
    am: {
      current: amStats(t.am[0]),
      previous: amStats(t.am[1]),
      now: { ...t.amNow, renewalsDueValue: { ...t.amNow.renewalsDueValue } },
    },
  };
}

/** The sections a person gets: the roles they hold plus any role they have numbers in. */
export function sectionsFor(roles: readonly Role[], t: RoleTally): RoleSections {
  const all = allSections(t);
  const out: RoleSections = {};
  if (roles.includes('sdr') || t.sdr.some(hasSdrActivity)) out.sdr = all.sdr;
  if (roles.includes('ae') || t.ae.some(hasAeActivity) || t.aeNow.openLeads > 0 || t.aeNow.accounts > 0)
    out.ae = all.ae;
  if (roles.includes('am') || t.am.some(hasAmActivity) || hasAmAccounts(t.amNow)) out.am = all.am;
  return out;
}

/** A person as a report row reference. */
export function personRef(p: PersonRef): PersonRef {
  return { id: p.id, name: p.name, handle: p.handle, roles: [...p.roles], active: p.active };
}
