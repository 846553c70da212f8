import { backoffStrategies, type Agenda, type Job } from 'agenda';
import type { Clock } from '../core/clock.js';
import type { Ctx } from '../core/ports.js';
import type { CoreDeps } from '../core/shared/deps.js';
import type { Logger } from '../logger.js';
import type { JobStore } from './job-store.js';
import { runDueJobs } from './run-due.js';
import {
  DIGEST_STALE_AFTER_MS,
  fanOutDigest,
  nextDigestSlot,
  slotInstant,
  slotStillValid,
  type DigestSlot,
} from './digests.js';
import {
  JOB_SPECS,
  JobDataError,
  parseJobData,
  TIMER_JOBS,
  TIMERS,
  type JobData,
  type JobName,
} from './job-specs.js';

export type JobsDeps = {
  agenda: Agenda;
  timers: JobStore;
  /** The core, with `timers` = the job store above and `notifier` = the outbox. */
  core: CoreDeps;
  /** Business time: every job's `ctx.now` (tests and the console move it). */
  clock: Clock;
  log: Logger;
  /** The outbox's sweep, run by `outbox.sweep`. */
  sweepOutbox?: () => Promise<unknown>;
  /** Jobs of one name locked and run at once per process (default 5). */
  concurrency?: number;
  /**
   * What `jobs.purge` clears besides finished jobs, by name: each removes its settled records
   * older than a date (outbox entries, webhook deliveries, Idempotency-Key records) and says how many.
   */
  purge?: Record<string, (before: Date) => Promise<number>>;
  /** How long finished jobs and settled records are kept (default 14 days). */
  keepDays?: number;
  /** Per-job lock lifetime overrides in ms (tests use short ones to recover fast after a kill). */
  lockMs?: Partial<Record<JobName, number>>;
};

/** The job side of the bot: what the composition root, tests and the console drive. */
export type Jobs = {
  /**
   * Runs every job due at business time `now` (default: the clock's now) through the same
   * handlers Agenda uses, one at a time, until nothing more is due; returns how many ran. The
   * console calls it after `clock +2h`; tests call it instead of waiting for Agenda's polling.
   */
  runDue(now?: Date): Promise<number>;
  /** Schedules each team's next digest (idempotent; new teams and changed settings). */
  planDigests(now?: Date): Promise<void>;
  /** Stores the recurring housekeeping jobs (outbox sweep, digest planning). */
  scheduleRecurring(opts?: { sweepEvery?: string; planEvery?: string }): Promise<void>;
};

/**
 * Defines every job on Agenda: thin handlers that validate their data, build a job `ctx`
 * (`source: 'job'`, `key` from the job identity, `now` from the injected clock), call one use
 * case and return. Failures reach Agenda's single `fail` hook (scheduler.ts) and are retried with
 * backoff; invalid data is logged once and dropped. Handlers are idempotent, so at-least-once
 * Agenda (a duplicate job on FerretDB, a run that outlived its lock) never sends anything twice.
 */
export function createJobs(deps: JobsDeps): Jobs {
  const { agenda, core, clock, log } = deps;
  const lockMs = (name: JobName) => deps.lockMs?.[name] ?? JOB_SPECS[name].lockMs;

  function define<N extends JobName>(name: N, handle: (data: JobData<N>, ctx: Ctx) => Promise<unknown>) {
    agenda.define(
      name,
      async (job: Job) => {
        let data: JobData<N>;
        try {
          data = parseJobData(name, job.attrs.data);
        } catch (err) {
          if (!(err instanceof JobDataError)) throw err;
          log.error({ err, job: name, jobId: String(job.attrs._id) }, 'job dropped: invalid data');
          return;
        }
        const key = 'key' in data && typeof data.key === 'string' ? data.key : name;
        await handle(data, { source: 'job', key: `job:${key}`, now: clock.now() });
      },
      {
        lockLifetime: lockMs(name),
        // Agenda fills its local queue by locking jobs one findOneAndUpdate at a time (a scan on
        // FerretDB) and only then runs them; a small lock limit lets it start work early and
        // keeps overlapping polls from piling up scans.
        lockLimit: deps.concurrency ?? 5,
        concurrency: deps.concurrency ?? 5,
        priority: JOB_SPECS[name].priority,
        backoff: backoffStrategies.exponential({ delay: 5_000, factor: 3, maxRetries: 6 }),
      },
    );
  }

  // Every timer's job runs the one use case its entry in the table names.
  for (const name of TIMER_JOBS) define(name, (d, ctx) => TIMERS[name].handle(core, d, ctx));
  define('digests.team', (d, ctx) => runTeamDigest(d, ctx.now));
  define('digests.plan', (_d, ctx) => planDigests(ctx.now));
  define('outbox.sweep', async () => {
    await deps.sweepOutbox?.();
  });
  // Housekeeping: FerretDB scans whole collections on every poll, so finished work must not pile up.
  // Business time, like every job: the console's time travel and the tests move it.
  define('jobs.purge', async (_d, ctx) => {
    const before = new Date(ctx.now.getTime() - (deps.keepDays ?? 14) * 24 * 3600_000);
    const purged: Record<string, number> = { jobs: await deps.timers.purgeFinished(before) };
    for (const [name, purge] of Object.entries(deps.purge ?? {})) purged[name] = await purge(before);
    log.info({ purged, before }, 'purged finished jobs and settled records');
  });

  async function scheduleSlot(slot: DigestSlot): Promise<void> {
    const key = `digests.team:${slot.teamId}:${slot.date}T${slot.time}@${slot.zone}`;
    await deps.timers.scheduleJob(
      'digests.team',
      { key, teamId: slot.teamId, date: slot.date, time: slot.time, zone: slot.zone },
      slot.at,
    );
  }

  async function runTeamDigest(d: JobData<'digests.team'>, now: Date): Promise<void> {
    const team = await core.stores.teams.get(d.teamId);
    if (!team) return;
    const at = slotInstant(team, d.date, d.time);
    // Chain first: a crash in the fan-out below must not lose tomorrow's digest.
    await scheduleSlot(nextDigestSlot(team, new Date(Math.max(at.getTime(), now.getTime()))));
    if (!slotStillValid(team, d)) return;
    if (now.getTime() - at.getTime() > DIGEST_STALE_AFTER_MS) {
      log.warn({ teamId: team.id, date: d.date }, 'digest skipped: too late to be useful');
      return;
    }
    const n = await fanOutDigest(core, team.id, d.date);
    log.info({ teamId: team.id, date: d.date, notices: n }, 'digest fanned out');
  }

  async function planDigests(now = clock.now()): Promise<void> {
    for (const team of await core.stores.teams.list()) await scheduleSlot(nextDigestSlot(team, now));
  }

  async function runDue(now = clock.now()): Promise<number> {
    await planDigests(now);
    return runDueJobs(agenda, deps.timers, now, lockMs);
  }

  return {
    runDue,
    planDigests,
    async scheduleRecurring(opts = {}) {
      await agenda.ready;
      await agenda.every(opts.sweepEvery ?? '30 seconds', 'outbox.sweep', {}, { skipImmediate: true });
      await agenda.every(opts.planEvery ?? '10 minutes', 'digests.plan', {});
      await agenda.every('6 hours', 'jobs.purge', {}, { skipImmediate: true });
    },
  };
}
