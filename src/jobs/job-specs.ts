import { z } from 'zod';
import { escalateRenewal, nudgeRenewal } from '../core/accounts/renewal-nudges.js';
import { escalateUnclaimed, reofferLead, remindClaim } from '../core/leads/claim-sla.js';
import { offerQueuedLeads } from '../core/leads/pickup.js';
import { promptMeetingOutcome, remindMeeting } from '../core/meetings/meeting-outcome.js';
import type { Ctx, Timer } from '../core/ports.js';
import type { CoreDeps } from '../core/shared/deps.js';

const key = z.string().min(1);
const id = z.string().min(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const offer = z.object({ key, leadId: id, offerIndex: z.number().int().min(0) });

type TimerKind = Timer['kind'];
type TimerOf<K extends TimerKind> = Extract<Timer, { kind: K }>;

/**
 * A core timer and the job that carries it, under one name (the timer's kind is the job's name in
 * Agenda's collection). `data` is the job's schema; `key` in it is the job's identity (its `_id`
 * is derived from it, so scheduling a timer twice keeps one job); keys keep the spelling stored
 * jobs have. `lockMs` is how long a run may hold its lock, `priority` its place among due jobs,
 * `cancelledWith` the record whose `cancelFor` drops it, `run` its one use case.
 */
type TimerSpec<K extends TimerKind, S extends z.ZodType> = {
  data: S;
  lockMs: number;
  priority: number;
  cancelledWith: 'leadId' | 'accountId' | null;
  job(t: TimerOf<K>): z.infer<S> & { key: string };
  run(core: CoreDeps, data: z.infer<S>, ctx: Ctx): Promise<unknown>;
};

function timer<K extends TimerKind, S extends z.ZodType>(_kind: K, spec: TimerSpec<K, S>) {
  return {
    ...spec,
    /** The job's data for a timer (any kind: the table picks the entry by the timer's kind). */
    jobData: (t: Timer) => spec.job(t as TimerOf<K>) as { key: string } & Record<string, unknown>,
    /** Runs the use case on data already validated against `data`. */
    handle: (core: CoreDeps, data: unknown, ctx: Ctx) => spec.run(core, data as z.infer<S>, ctx),
  };
}

/** Every timer, in the order due work of one instant runs (a re-offer before its reminder). */
export const TIMERS = {
  'claims.reoffer': timer('claims.reoffer', {
    data: offer,
    lockMs: 60_000,
    priority: 20,
    cancelledWith: 'leadId',
    job: (t) => ({
      key: `claims.reoffer:${t.leadId}:${t.offerIndex}`,
      leadId: t.leadId,
      offerIndex: t.offerIndex,
    }),
    run: (core, d, ctx) => reofferLead(core, d, ctx),
  }),
  'claims.remind': timer('claims.remind', {
    data: offer,
    lockMs: 60_000,
    priority: 20,
    cancelledWith: 'leadId',
    job: (t) => ({
      key: `claims.remind:${t.leadId}:${t.offerIndex}`,
      leadId: t.leadId,
      offerIndex: t.offerIndex,
    }),
    run: (core, d, ctx) => remindClaim(core, d, ctx),
  }),
  'claims.escalate': timer('claims.escalate', {
    data: z.object({ key, leadId: id, deferredTo: z.string().optional() }),
    lockMs: 60_000,
    priority: 20,
    cancelledWith: 'leadId',
    job: (t) =>
      t.deferredTo
        ? { key: `claims.escalate:${t.leadId}:${t.deferredTo}`, leadId: t.leadId, deferredTo: t.deferredTo }
        : { key: `claims.escalate:${t.leadId}`, leadId: t.leadId },
    run: (core, d, ctx) => escalateUnclaimed(core, d, ctx),
  }),
  /** Offers a team's queued leads to whoever can take them now (and plans the next pickup). */
  'claims.pickup': timer('claims.pickup', {
    data: z.object({ key, teamId: id }),
    lockMs: 2 * 60_000,
    priority: 20,
    cancelledWith: null,
    job: (t) => ({ key: `claims.pickup:${t.teamId}:${t.at}`, teamId: t.teamId }),
    run: (core, d, ctx) => offerQueuedLeads(core, d, ctx),
  }),
  'meetings.remind': timer('meetings.remind', {
    data: z.object({
      key,
      leadId: id,
      meetingId: id,
      revision: z.number().int().min(0),
      hoursBefore: z.number(),
    }),
    lockMs: 60_000,
    priority: 10,
    cancelledWith: 'leadId',
    job: (t) => ({
      key: `meetings.remind:${t.meetingId}:r${t.revision}:${t.hoursBefore}h`,
      leadId: t.leadId,
      meetingId: t.meetingId,
      revision: t.revision,
      hoursBefore: t.hoursBefore,
    }),
    run: (core, d) => remindMeeting(core, d),
  }),
  'meetings.outcome': timer('meetings.outcome', {
    data: z.object({ key, leadId: id, meetingId: id, revision: z.number().int().min(0) }),
    lockMs: 60_000,
    priority: 10,
    cancelledWith: 'leadId',
    job: (t) => ({
      key: `meetings.outcome:${t.meetingId}:r${t.revision}`,
      leadId: t.leadId,
      meetingId: t.meetingId,
      revision: t.revision,
    }),
    run: (core, d) => promptMeetingOutcome(core, d),
  }),
  'renewals.nudge': timer('renewals.nudge', {
    data: z.object({ key, accountId: id, periodEnd: isoDate, offsetDays: z.number().int() }),
    lockMs: 60_000,
    priority: 0,
    cancelledWith: 'accountId',
    job: (t) => ({
      key: `renewals.nudge:${t.accountId}:${t.periodEnd}:${t.offsetDays}`,
      accountId: t.accountId,
      periodEnd: t.periodEnd,
      offsetDays: t.offsetDays,
    }),
    run: (core, d, ctx) => nudgeRenewal(core, d, ctx),
  }),
  'renewals.escalate': timer('renewals.escalate', {
    data: z.object({ key, accountId: id, periodEnd: isoDate }),
    lockMs: 60_000,
    priority: 0,
    cancelledWith: 'accountId',
    job: (t) => ({
      key: `renewals.escalate:${t.accountId}:${t.periodEnd}`,
      accountId: t.accountId,
      periodEnd: t.periodEnd,
    }),
    run: (core, d, ctx) => escalateRenewal(core, d, ctx),
  }),
} satisfies { [K in TimerKind]: { data: z.ZodType } };

/** The jobs that are no core timer: the digest calendar and housekeeping (handlers in jobs.ts). */
const OTHER_JOBS = {
  /** One team's digest for one local date at one local time. */
  'digests.team': {
    data: z.object({
      key,
      teamId: id,
      date: isoDate,
      time: z.string().regex(/^\d{2}:\d{2}$/),
      /** The team's zone when the slot was planned (absent in slots planned by older versions). */
      zone: z.string().optional(),
    }),
    lockMs: 5 * 60_000,
    priority: -10,
  },
  /** Makes sure every team has its next digest scheduled (new teams, changed settings). */
  'digests.plan': { data: z.object({}).passthrough(), lockMs: 60_000, priority: -10 },
  /** Removes finished jobs and settled outbox entries past their keeping time. */
  'jobs.purge': { data: z.object({}).passthrough(), lockMs: 5 * 60_000, priority: -20 },
  /** Picks up outbox entries a dead or stopped process left pending. */
  'outbox.sweep': { data: z.object({}).passthrough(), lockMs: 2 * 60_000, priority: -20 },
} as const;

/**
 * Every job: the schema of its data, how long a run may hold its lock before another worker may
 * run it again (fitted to the work: a timer is one use case, a digest fans out to a whole team),
 * and its priority among due jobs. Names are stored in Agenda's collection: never rename one.
 */
export const JOB_SPECS = { ...TIMERS, ...OTHER_JOBS };

export type JobName = keyof typeof JOB_SPECS;
export type JobData<N extends JobName> = z.infer<(typeof JOB_SPECS)[N]['data']>;

/** Every timer's kind, which is its job's name. */
export const TIMER_JOBS = Object.keys(TIMERS) as TimerKind[];

/** Jobs that come from core timers or the digest calendar: what `runDue` runs. */
export const DUE_JOBS: readonly JobName[] = [...TIMER_JOBS, 'digests.team'];

/** The timer jobs `cancelFor` drops for a lead or an account. */
export const CANCELLED_WITH = {
  leadId: TIMER_JOBS.filter((k) => TIMERS[k].cancelledWith === 'leadId'),
  accountId: TIMER_JOBS.filter((k) => TIMERS[k].cancelledWith === 'accountId'),
};

/**
 * Timer kinds as events recorded them before timers took their jobs' names (an event's effects
 * are issued again when its change is re-run, so these can still arrive).
 */
const RECORDED_KINDS: Record<string, TimerKind> = {
  'claim.remind': 'claims.remind',
  'claim.reoffer': 'claims.reoffer',
  'claim.escalate': 'claims.escalate',
  'claim.pickup': 'claims.pickup',
  'meeting.remind': 'meetings.remind',
  'meeting.outcome': 'meetings.outcome',
  'renewal.nudge': 'renewals.nudge',
  'renewal.escalate': 'renewals.escalate',
};

/** The job that carries a core timer, with data whose `key` identifies the timer. */
export function jobForTimer(t: Timer): { name: JobName; data: { key: string } & Record<string, unknown> } {
  const name = RECORDED_KINDS[t.kind] ?? t.kind;
  return { name, data: TIMERS[name].jobData(t) };
}
/** A job's data failed its schema: logged once and the job is dropped (it can never succeed). */
export class JobDataError extends Error {
  readonly code = 'JOB_DATA_INVALID';
  constructor(
    readonly job: string,
    readonly issues: string,
  ) {
    super(`invalid data for job ${job}: ${issues}`);
    this.name = 'JobDataError';
  }
}

/** Validates a job's stored data against its schema. */
export function parseJobData<N extends JobName>(name: N, data: unknown): JobData<N> {
  const r = JOB_SPECS[name].data.safeParse(data ?? {});
  if (!r.success)
    throw new JobDataError(name, r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data as JobData<N>;
}
