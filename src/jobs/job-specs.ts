import { z } from 'zod';
import type { Timer } from '../core/ports.js';

const key = z.string().min(1);
const id = z.string().min(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * Every job: its name, the schema of its data, how long a run may hold its lock before another
 * worker may run it again (fitted to the work: a timer is one use case, a digest fans out to a
 * whole team), and its priority among due jobs. `key` in the data is the job's identity.
 */
export const JOB_SPECS = {
  'claims.remind': {
    data: z.object({ key, leadId: id, offerIndex: z.number().int().min(0) }),
    lockMs: 60_000,
    priority: 20,
  },
  'claims.reoffer': {
    data: z.object({ key, leadId: id, offerIndex: z.number().int().min(0) }),
    lockMs: 60_000,
    priority: 20,
  },
  'claims.escalate': {
    data: z.object({ key, leadId: id, deferredTo: z.string().optional() }),
    lockMs: 60_000,
    priority: 20,
  },
  /** Offers a team's queued leads to whoever can take them now (and plans the next pickup). */
  'claims.pickup': { data: z.object({ key, teamId: id }), lockMs: 2 * 60_000, priority: 20 },
  'meetings.remind': {
    data: z.object({
      key,
      leadId: id,
      meetingId: id,
      revision: z.number().int().min(0),
      hoursBefore: z.number(),
    }),
    lockMs: 60_000,
    priority: 10,
  },
  'meetings.outcome': {
    data: z.object({ key, leadId: id, meetingId: id, revision: z.number().int().min(0) }),
    lockMs: 60_000,
    priority: 10,
  },
  'renewals.nudge': {
    data: z.object({ key, accountId: id, periodEnd: isoDate, offsetDays: z.number().int() }),
    lockMs: 60_000,
    priority: 0,
  },
  'renewals.escalate': {
    data: z.object({ key, accountId: id, periodEnd: isoDate }),
    lockMs: 60_000,
    priority: 0,
  },
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

export type JobName = keyof typeof JOB_SPECS;
export type JobData<N extends JobName> = z.infer<(typeof JOB_SPECS)[N]['data']>;

/** Jobs that come from core timers or the digest calendar: what `runDue` runs. */
export const DUE_JOBS: readonly JobName[] = [
  'claims.reoffer',
  'claims.remind',
  'claims.escalate',
  'claims.pickup',
  'meetings.remind',
  'meetings.outcome',
  'renewals.nudge',
  'renewals.escalate',
  'digests.team',
];

/** The job that carries a core timer, with data whose `key` identifies the timer. */
export function jobForTimer(t: Timer): { name: JobName; data: { key: string } & Record<string, unknown> } {
  switch (t.kind) {
    case 'claim.remind':
      return {
        name: 'claims.remind',
        data: {
          key: `claims.remind:${t.leadId}:${t.offerIndex}`,
          leadId: t.leadId,
          offerIndex: t.offerIndex,
        },
      };
    case 'claim.reoffer':
      return {
        name: 'claims.reoffer',
        data: {
          key: `claims.reoffer:${t.leadId}:${t.offerIndex}`,
          leadId: t.leadId,
          offerIndex: t.offerIndex,
        },
      };
    case 'claim.escalate':
      return {
        name: 'claims.escalate',
        data: t.deferredTo
          ? { key: `claims.escalate:${t.leadId}:${t.deferredTo}`, leadId: t.leadId, deferredTo: t.deferredTo }
          : { key: `claims.escalate:${t.leadId}`, leadId: t.leadId },
      };
    case 'claim.pickup':
      return {
        name: 'claims.pickup',
        data: { key: `claims.pickup:${t.teamId}:${t.at}`, teamId: t.teamId },
      };
    case 'meeting.remind':
      return {
        name: 'meetings.remind',
        data: {
          key: `meetings.remind:${t.meetingId}:r${t.revision}:${t.hoursBefore}h`,
          leadId: t.leadId,
          meetingId: t.meetingId,
          revision: t.revision,
          hoursBefore: t.hoursBefore,
        },
      };
    case 'meeting.outcome':
      return {
        name: 'meetings.outcome',
        data: {
          key: `meetings.outcome:${t.meetingId}:r${t.revision}`,
          leadId: t.leadId,
          meetingId: t.meetingId,
          revision: t.revision,
        },
      };
    case 'renewal.nudge':
      return {
        name: 'renewals.nudge',
        data: {
          key: `renewals.nudge:${t.accountId}:${t.periodEnd}:${t.offsetDays}`,
          accountId: t.accountId,
          periodEnd: t.periodEnd,
          offsetDays: t.offsetDays,
        },
      };
    case 'renewal.escalate':
      return {
        name: 'renewals.escalate',
        data: {
          key: `renewals.escalate:${t.accountId}:${t.periodEnd}`,
          accountId: t.accountId,
          periodEnd: t.periodEnd,
        },
      };
  }
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
