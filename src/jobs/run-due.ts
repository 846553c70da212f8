import { Job, type Agenda, type JobParameters } from 'agenda';
import type { JobStore } from './job-store.js';
import { DUE_JOBS, type JobName } from './job-specs.js';

/**
 * Runs every job due at business time `now` through the handlers defined on `agenda`, one at a
 * time, until nothing more is due (handlers may schedule follow-ups that are due too). Each job is
 * locked, run with `Job.runJob()` (the definition's handler, exactly what Agenda's poller calls)
 * and its state written back by `_id` only — the one lookup FerretDB does not answer by scanning
 * the whole jobs collection. A failure reaches Agenda's single `fail` hook and is retried with the
 * definition's backoff, as Agenda would.
 */
export async function runDueJobs(
  agenda: Agenda,
  timers: JobStore,
  now: Date,
  lockMs: (name: JobName) => number,
): Promise<number> {
  await agenda.ready;
  let ran = 0;
  for (let round = 0; round < 100; round++) {
    const due = await timers.due(DUE_JOBS, now, lockMs, 200);
    if (!due.length) break;
    // Start at a random place so two processes running due work mostly take different jobs.
    const start = Math.floor(Math.random() * due.length);
    for (const attrs of [...due.slice(start), ...due.slice(0, start)]) {
      const locked = await timers.lock(attrs, agenda.attrs.name || undefined);
      if (!locked) continue;
      await runOne(agenda, timers, locked);
      ran++;
    }
  }
  return ran;
}

async function runOne(agenda: Agenda, timers: JobStore, attrs: JobParameters): Promise<void> {
  const job = new Job(agenda, { ...attrs, name: attrs.name, type: attrs.type ?? 'normal' });
  const startedAt = new Date();
  try {
    await job.runJob();
    await timers.settle(attrs, {
      lockedAt: null,
      nextRunAt: null,
      lastRunAt: startedAt,
      lastFinishedAt: new Date(),
    });
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    const failCount = (attrs.failCount ?? 0) + 1;
    const delay = agenda.definitions[attrs.name]?.backoff?.({
      attempt: failCount,
      error,
      jobName: attrs.name,
      jobData: attrs.data,
    });
    await timers.settle(attrs, {
      lockedAt: null,
      lastRunAt: startedAt,
      failCount,
      failReason: error.message,
      failedAt: new Date(),
      nextRunAt: delay === null || delay === undefined ? null : new Date(Date.now() + delay),
    });
    agenda.emit('fail', error, job);
  }
}
