import type { Agenda } from 'agenda';
import type { Timer, Timers } from '../core/ports.js';
import { JOB_SPECS, jobForTimer, type JobName } from './job-specs.js';

/**
 * The core's `Timers` on Agenda. Each timer becomes one job whose `data.key` is derived from the
 * timer itself, saved as an insert-only unique job: scheduling the same timer twice keeps the
 * first. On FerretDB that upsert is not atomic, so two processes racing may store a duplicate;
 * the handlers are idempotent (they re-check state, and notices are insert-once), so a duplicate
 * runs harmlessly.
 */
export class AgendaTimers implements Timers {
  constructor(private readonly agenda: Agenda) {}

  async schedule(timer: Timer, at: Date): Promise<void> {
    const { name, data } = jobForTimer(timer);
    await this.scheduleJob(name, data, at);
  }

  /** Schedules any job under its identity `data.key` (used for timers and digests). */
  async scheduleJob(name: JobName, data: { key: string } & Record<string, unknown>, at: Date): Promise<void> {
    await this.agenda.ready;
    const job = this.agenda.create(name, data);
    job.schedule(at);
    job.priority(JOB_SPECS[name].priority);
    job.unique({ 'data.key': data.key }, { insertOnly: true });
    await job.save();
  }

  async cancelFor(ref: { leadId?: string; accountId?: string }): Promise<void> {
    await this.agenda.ready;
    if (ref.leadId)
      await this.agenda.cancel({
        names: ['claims.remind', 'claims.reoffer', 'claims.escalate', 'meetings.remind', 'meetings.outcome'],
        data: { leadId: ref.leadId },
      });
    if (ref.accountId)
      await this.agenda.cancel({
        names: ['renewals.nudge', 'renewals.escalate'],
        data: { accountId: ref.accountId },
      });
  }
}
