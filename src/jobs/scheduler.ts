import { Agenda, type AgendaBackend } from 'agenda';
import type { Logger } from '../logger.js';

export type SchedulerState = 'processing' | 'scheduling-only' | 'stopped' | 'error';

export type Scheduler = {
  agenda: Agenda;
  /** Starts processing jobs when this process is a job worker; otherwise only schedules. */
  start(): Promise<void>;
  /** Stops taking new jobs, lets running ones finish (up to `timeoutMs`), unlocks the rest. */
  stop(timeoutMs?: number): Promise<void>;
  state(): SchedulerState;
};

/**
 * Agenda on the storage backend the store hands out (src/store/agenda-backend.ts).
 *
 * Which processes run jobs: every process may *schedule* (use cases anywhere create timers), and
 * by default (RUN_JOBS=true) every process also *runs* them, so a single-process deployment needs
 * no setup and a multi-process one survives losing any process. RUN_JOBS=false makes a process an
 * intake-only worker; at least one process must keep RUN_JOBS=true. Both are safe because Agenda
 * is treated as at-least-once everywhere: its lock is a non-atomic findOneAndUpdate on FerretDB
 * (two workers may run one job) and a run that outlives `lockLifetime` runs again, so every
 * handler is idempotent (state re-checked, notices insert-once in the outbox, whose leases decide
 * which process sends). Each process delivers the notices it records itself; the `outbox.sweep`
 * job (job processes only) picks up what a dead process left.
 */
export function createScheduler(deps: {
  /** Where Agenda keeps its jobs (the store builds it on the app's database connection). */
  backend: AgendaBackend;
  log: Logger;
  /** Whether this process runs jobs (RUN_JOBS); every process may schedule them. */
  runJobs: boolean;
  processEvery?: string | number;
  name?: string;
}): Scheduler {
  const agenda = new Agenda({
    backend: deps.backend,
    name: deps.name,
    processEvery: deps.processEvery ?? '2 seconds',
    defaultLockLifetime: 60_000,
    defaultConcurrency: 5,
    maxConcurrency: 20,
    defaultLockLimit: 5,
    lockLimit: 20,
  });
  let state: SchedulerState = 'stopped';
  agenda.on('error', (err) => {
    deps.log.error({ err }, 'scheduler error');
  });
  agenda.on('fail', (err: unknown, job: { attrs: { name: string; _id?: unknown } }) => {
    const key = (job.attrs as { data?: { key?: unknown } }).data?.key;
    deps.log.error({ err, job: job.attrs.name, jobId: String(job.attrs._id), key }, 'job failed');
  });
  return {
    agenda,
    async start() {
      if (deps.runJobs) {
        await agenda.start();
        state = 'processing';
      } else {
        state = 'scheduling-only';
      }
    },
    async stop(timeoutMs = 10_000) {
      if (state === 'processing') {
        await agenda.drain({ timeout: timeoutMs, closeConnection: false });
      }
      state = 'stopped';
    },
    state: () => state,
  };
}
