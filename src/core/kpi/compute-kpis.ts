import { BatonError } from '../errors.js';
import { KpiAccumulator } from './accumulator.js';
import { periodWindow, type PeriodKind, type Window } from './period.js';
import type { PersonReport, TeamReport } from './report.js';
import type { Ctx, Stores } from '../ports.js';
import { assertCan } from '../roster/permissions.js';
import { actorFor, teamOf } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';

/** Whose numbers: one person's, or the whole team's (the manager's report). */
export type KpiTarget = { scope: 'person'; personId: string } | { scope: 'team' };

/** The report asked for, tagged with its scope. */
export type KpiResult = { scope: 'person'; report: PersonReport } | { scope: 'team'; report: TeamReport };

/** Tuning of a computation (the digest and `/kpi` use the defaults). */
export type KpiComputeOptions = { lookbackDays?: number };

/**
 * `/kpi [period]`: a person's own numbers, or (with `kpi.view_others`: managers and admins) anyone
 * else's in the team or the team's report. The window is `period` as of `ctx.now` in the team's
 * time zone, compared with the window before it.
 */
export async function computeKpis(
  deps: CoreDeps,
  target: { scope: 'person'; personId: string },
  ctx: Ctx,
  period: PeriodKind,
  opts?: KpiComputeOptions,
): Promise<{ scope: 'person'; report: PersonReport }>;
export async function computeKpis(
  deps: CoreDeps,
  target: { scope: 'team' },
  ctx: Ctx,
  period: PeriodKind,
  opts?: KpiComputeOptions,
): Promise<{ scope: 'team'; report: TeamReport }>;
export async function computeKpis(
  deps: CoreDeps,
  target: KpiTarget,
  ctx: Ctx,
  period: PeriodKind,
  opts?: KpiComputeOptions,
): Promise<KpiResult>;
export async function computeKpis(
  deps: CoreDeps,
  target: KpiTarget,
  ctx: Ctx,
  period: PeriodKind,
  opts: KpiComputeOptions = {},
): Promise<KpiResult> {
  const { actor, team } = await actorFor(deps, ctx);
  const window = periodWindow(period, ctx.now, team.timezone);
  if (target.scope === 'team') {
    assertCan(actor, 'kpi.view_others');
    return { scope: 'team', report: await buildTeamReport(deps, team.id, window, ctx.now, opts) };
  }
  if (target.personId !== actor.id) assertCan(actor, 'kpi.view_others');
  return {
    scope: 'person',
    report: await buildPersonReport(deps, team.id, target.personId, window, ctx.now, opts),
  };
}

/**
 * The accumulator of a report: the team's KPI facts for the report's buckets (a read of about a
 * dozen documents by id, however long the history and the windows). Until the team's facts were first built (the
 * upgrade of an existing database runs in the background at start) it streams the team's leads
 * and accounts instead, which gives the same numbers.
 */
export async function kpiAccumulator(
  deps: { stores: Pick<Stores, 'leads' | 'accounts' | 'kpiFacts'> },
  teamId: string,
  currency: string,
  window: Window,
  now: Date,
  opts: KpiComputeOptions = {},
): Promise<KpiAccumulator> {
  const acc = new KpiAccumulator({
    window,
    now,
    currency,
    ...(opts.lookbackDays ? { lookbackDays: opts.lookbackDays } : {}),
  });
  if (await deps.stores.kpiFacts.ready(teamId)) {
    acc.addFacts(await deps.stores.kpiFacts.read(teamId, acc.factsFrom, acc.factsTo, acc.factCuts));
    return acc;
  }
  for await (const lead of deps.stores.leads.scan(teamId)) acc.addLead(lead);
  for await (const account of deps.stores.accounts.scan(teamId)) acc.addAccount(account);
  return acc;
}

/**
 * One person's report, without a permission check (for the digest job, which has no actor).
 * UNKNOWN_PERSON when the person is not in the team.
 */
export async function buildPersonReport(
  deps: CoreDeps,
  teamId: string,
  personId: string,
  window: Window,
  now: Date,
  opts: KpiComputeOptions = {},
): Promise<PersonReport> {
  const team = await teamOf(deps, teamId);
  const person = await deps.stores.people.get(personId);
  if (!person || person.teamId !== team.id)
    throw new BatonError('UNKNOWN_PERSON', 'no such person in the team', { personId });
  return (await kpiAccumulator(deps, team.id, team.currency, window, now, opts)).personReport(person);
}

/** The team's report, without a permission check (for the digest job, which has no actor). */
export async function buildTeamReport(
  deps: CoreDeps,
  teamId: string,
  window: Window,
  now: Date,
  opts: KpiComputeOptions = {},
): Promise<TeamReport> {
  const team = await teamOf(deps, teamId);
  const people = await deps.stores.people.listTeam(team.id);
  return (await kpiAccumulator(deps, team.id, team.currency, window, now, opts)).teamReport(team.id, people);
}
