import type { JobParameters } from 'agenda';
import type { Timers } from '../core/ports.js';
import { CANCELLED_WITH, JOB_SPECS, jobForTimer, type JobName } from './job-specs.js';

/**
 * The scheduled jobs as stored documents: the core's {@link Timers} plus what the job runners
 * need beyond Agenda's own poller (insert-once scheduling, a batch scan of due work, a lock and a
 * write-back by `_id`, housekeeping). Running stays at-least-once: the lock is not atomic on
 * FerretDB, which the idempotent handlers absorb.
 */
export interface JobStore extends Timers {
  /** Schedules a job once under its identity `data.key` (timers and digests); false if it existed. */
  scheduleJob(name: JobName, data: { key: string } & Record<string, unknown>, at: Date): Promise<boolean>;
  /** Jobs of `names` due at business time `now` (or whose lock expired by wall time), oldest first. */
  due(
    names: readonly JobName[],
    now: Date,
    lockMs: (name: JobName) => number,
    limit: number,
  ): Promise<JobParameters[]>;
  /** Locks a due job for this run; undefined when it was run or locked meanwhile. */
  lock(job: JobParameters, by?: string): Promise<JobParameters | undefined>;
  /** Writes a run's outcome back. */
  settle(job: JobParameters, fields: Record<string, unknown>): Promise<void>;
  /** Removes finished one-off jobs older than `before`; returns how many. */
  purgeFinished(before: Date): Promise<number>;
}

/** What the job-document store is told of the jobs (the composition root hands it this table). */
export const JOB_TABLE = {
  jobForTimer,
  priority: (name: JobName) => JOB_SPECS[name].priority,
  names: Object.keys(JOB_SPECS) as JobName[],
  cancelledWith: CANCELLED_WITH,
};
