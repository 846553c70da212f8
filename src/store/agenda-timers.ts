import { createHash, randomBytes } from 'node:crypto';
import { toJobId, type Agenda, type JobParameters } from 'agenda';
import { MongoJobRepository } from '@agendajs/mongo-backend';
import { ObjectId, type Collection, type Document } from 'mongodb';
import type { Timer } from '../core/ports.js';
import { isDuplicateKey } from './mongo-errors.js';
import { insertedOnce } from './insert-once.js';

/** A stored job as Agenda's Job expects it (nulls as undefined, the id as a JobId). */
function toParams(d: Document): JobParameters {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) if (v !== null) out[k] = v;
  return { ...(out as unknown as JobParameters), _id: toJobId(String(d._id)) };
}

/** A one-off job's document, in the shape @agendajs/mongo-backend writes (its `saveJob` fields). */
function jobDoc(
  name: string,
  priority: number,
  data: { key: string } & Record<string, unknown>,
  at: Date,
): Document {
  return {
    _id: jobIdFor(data.key),
    name,
    data,
    type: 'normal',
    priority,
    nextRunAt: at,
    lockedAt: null,
    lastRunAt: null,
    lastFinishedAt: null,
    failedAt: null,
    failCount: null,
    failReason: null,
    repeatInterval: null,
    repeatTimezone: null,
    repeatAt: null,
    disabled: null,
    progress: null,
    lastModifiedBy: null,
  };
}

/** The Agenda job id of a job identity: the first 12 bytes of sha256(key). */
export function jobIdFor(key: string): ObjectId {
  return new ObjectId(createHash('sha256').update(key).digest().subarray(0, 12));
}

/**
 * What the timer store is told of the jobs (by the composition root, from the job table): the store
 * knows no job itself.
 */
export type JobTable<Name extends string> = {
  /** The job that carries a core timer, with data whose `key` identifies the timer. */
  jobForTimer(timer: Timer): { name: Name; data: { key: string } & Record<string, unknown> };
  /** Agenda's priority of a job among due ones. */
  priority(name: Name): number;
  /** Every job name (housekeeping removes finished jobs of these only). */
  names: readonly Name[];
  /** The timers' jobs `cancelFor` drops for a lead and for an account. */
  cancelledWith: { leadId: readonly Name[]; accountId: readonly Name[] };
};

/**
 * The core's `Timers` on Agenda. Each timer becomes one job whose identity `data.key` is derived
 * from the timer, stored under an `_id` derived from that key: the insert is the race decider,
 * so scheduling the same timer twice (a replayed request, a second process) keeps exactly one job,
 * on FerretDB as on MongoDB, without the non-atomic upsert Agenda's `unique()` would use. The
 * document has the shape @agendajs/mongo-backend writes itself (its `saveJob` fields), so Agenda
 * locks and runs it like any other job. Running stays at-least-once (Agenda's lock is not atomic
 * on FerretDB), which the idempotent handlers absorb.
 */
export class AgendaTimers<JobName extends string> {
  private readonly token = randomBytes(4).toString('hex');

  constructor(
    private readonly agenda: Agenda,
    private readonly table: JobTable<JobName>,
  ) {}

  /** Agenda's own jobs collection (after it connected). */
  private async jobs(): Promise<Collection<Document>> {
    await this.agenda.ready;
    const repo = this.agenda.db;
    if (!(repo instanceof MongoJobRepository)) throw new Error('AgendaTimers needs the MongoDB backend');
    return repo.collection as unknown as Collection<Document>;
  }

  async schedule(timer: Timer, at: Date): Promise<void> {
    const { name, data } = this.table.jobForTimer(timer);
    await this.scheduleJob(name, data, at);
  }

  async scheduleAll(timers: readonly { timer: Timer; at: Date }[]): Promise<void> {
    if (timers.length <= 1) {
      for (const t of timers) await this.schedule(t.timer, t.at);
      return;
    }
    const jobs = timers.map((t) => {
      const { name, data } = this.table.jobForTimer(t.timer);
      return { name, data, at: t.at };
    });
    try {
      await (
        await this.jobs()
      ).insertMany(
        jobs.map((j) => jobDoc(j.name, this.table.priority(j.name), j.data, j.at)),
        { ordered: false },
      );
    } catch (err) {
      const writeErrors = (err as { writeErrors?: unknown[] }).writeErrors;
      const all = Array.isArray(writeErrors) ? writeErrors : [err];
      if (!all.every((e) => isDuplicateKey(e) || isDuplicateKey((e as { err?: unknown }).err))) throw err;
      // Some existed (a replay): whether the database went on past them is not said everywhere,
      // so each is scheduled on its own (the insert-once keeps one of each).
      for (const j of jobs) await this.scheduleJob(j.name, j.data, j.at);
    }
  }

  /** Schedules a job once under its identity `data.key` (timers and digests); false if it existed. */
  async scheduleJob(
    name: JobName,
    data: { key: string } & Record<string, unknown>,
    at: Date,
  ): Promise<boolean> {
    return insertedOnce(await this.jobs(), jobDoc(name, this.table.priority(name), data, at));
  }

  async cancelFor(ref: { leadId?: string; accountId?: string }): Promise<void> {
    await this.agenda.ready;
    if (ref.leadId)
      await this.agenda.cancel({ names: [...this.table.cancelledWith.leadId], data: { leadId: ref.leadId } });
    if (ref.accountId)
      await this.agenda.cancel({
        names: [...this.table.cancelledWith.accountId],
        data: { accountId: ref.accountId },
      });
  }

  /**
   * Jobs of `names` due at business time `now` (or whose lock expired by wall time), oldest first:
   * one scan for a whole batch (`runDue` then locks each by `_id`).
   */
  async due(
    names: readonly JobName[],
    now: Date,
    lockMs: (name: JobName) => number,
    limit: number,
  ): Promise<JobParameters[]> {
    const wall = Date.now();
    const docs = await (
      await this.jobs()
    )
      .find({
        name: { $in: [...names] },
        disabled: { $ne: true },
        $or: [{ lockedAt: null, nextRunAt: { $lte: now } }, { lockedAt: { $ne: null } }],
      })
      .sort({ nextRunAt: 1, priority: -1 })
      .limit(limit * 4)
      .toArray();
    return docs
      .filter((d) => !d.lockedAt || (d.lockedAt as Date).getTime() <= wall - lockMs(d.name as JobName))
      .slice(0, limit)
      .map(toParams);
  }

  /**
   * Locks a due job by `_id` for this run (the `lockedAt` it was read with must still be there).
   * Not atomic on FerretDB: two workers may both run it, which the idempotent handlers absorb.
   */
  async lock(job: JobParameters, by?: string): Promise<JobParameters | undefined> {
    const jobs = await this.jobs();
    const _id = new ObjectId(String(job._id));
    // Read and write by _id alone (FerretDB answers those without a scan); as racy as Agenda's
    // own findOneAndUpdate lock is there.
    const doc = await jobs.findOne({ _id });
    // Still as we read it: not run meanwhile (nextRunAt), not locked meanwhile (lockedAt).
    const time = (d: unknown) => (d ? new Date(d as Date).getTime() : null);
    if (!doc || time(doc.lockedAt) !== time(job.lockedAt) || time(doc.nextRunAt) !== time(job.nextRunAt))
      return undefined;
    const lockedAt = new Date();
    const owner = `${by ?? 'baton'}:${this.token}`;
    await jobs.updateOne({ _id }, { $set: { lockedAt, lastModifiedBy: owner } });
    // Read back: a worker that wrote after us owns it (this narrows the race, it cannot close it).
    const after = await jobs.findOne({ _id });
    if (after?.lastModifiedBy !== owner) return undefined;
    return toParams({ ...doc, lockedAt });
  }

  /** Writes a run's outcome back (by _id only). */
  async settle(job: JobParameters, fields: Record<string, unknown>): Promise<void> {
    await (await this.jobs()).updateOne({ _id: new ObjectId(String(job._id)) }, { $set: fields });
  }

  /** Removes finished one-off jobs older than `before` (FerretDB scans the whole collection per poll). */
  async purgeFinished(before: Date): Promise<number> {
    const r = await (
      await this.jobs()
    ).deleteMany({
      name: { $in: [...this.table.names] },
      repeatInterval: null,
      nextRunAt: null,
      lockedAt: null,
      lastFinishedAt: { $lt: before },
    });
    return r.deletedCount;
  }
}
