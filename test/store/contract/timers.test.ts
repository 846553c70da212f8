// Timers as Agenda job documents, raced from two processes: scheduling is insert-once by the
// timer's identity; due work is found in one query and locked by `_id`; finished one-off jobs go.
// (Agenda's lock is not atomic on FerretDB: handlers are idempotent, which the jobs' own tests
// show; here only what the documents promise.)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Timer } from '../../../src/core/ports.js';
import { jobIdFor } from '../../../src/store/agenda-timers.js';
import { DUE_JOBS, jobForTimer, type JobName } from '../../../src/jobs/job-specs.js';
import { losses, openContract, wins, type Contract } from './harness.js';

const t0 = new Date('2026-12-01T09:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const lockMs = () => 60_000;

describe('timers (Agenda job documents)', () => {
  let c: Contract;
  beforeAll(async () => {
    c = await openContract();
  });
  afterAll(() => c.close());
  const jobs = () => c.procs[0].conn.collection('agendaJobs');

  it('keeps one job per timer however many processes schedule it at once', async () => {
    const timer: Timer = { kind: 'claims.remind', leadId: 'lead-1', offerIndex: 0 };
    const results = await c.race(12, (p) => p.timers.schedule(timer, minutes(5)));
    expect(losses(results)).toEqual([]);
    const { data } = jobForTimer(timer);
    expect(await jobs().countDocuments({ 'data.key': data.key })).toBe(1);
    expect(await jobs().findOne({ _id: jobIdFor(data.key) } as never)).toMatchObject({
      name: 'claims.remind',
      nextRunAt: minutes(5),
      lockedAt: null,
    });
    const direct = await c.race(8, (p) =>
      p.timers.scheduleJob('claims.escalate', { key: 'esc:lead-1', leadId: 'lead-1' }, minutes(60)),
    );
    expect(wins(direct).filter(Boolean)).toHaveLength(1);
  });

  it('finds what is due, oldest first, and leaves the future and the freshly locked alone', async () => {
    const timers = c.procs[1].timers;
    await timers.schedule({ kind: 'claims.reoffer', leadId: 'lead-2', offerIndex: 0 }, minutes(15));
    await timers.schedule({ kind: 'claims.remind', leadId: 'lead-2', offerIndex: 0 }, minutes(3));
    const names = (at: Date) =>
      c.procs[0].timers
        .due(DUE_JOBS, at, lockMs, 50)
        .then((d) => d.map((j) => `${j.name}:${(j.data as { leadId: string }).leadId}`));
    expect(await names(minutes(4))).toEqual(['claims.remind:lead-2']);
    expect(await names(minutes(20))).toEqual([
      'claims.remind:lead-2',
      'claims.remind:lead-1',
      'claims.reoffer:lead-2',
    ]);
    const [first] = await c.procs[0].timers.due(DUE_JOBS, minutes(20), lockMs, 1);
    const locked = await c.procs[0].timers.lock(first!, 'p0');
    expect(locked).toBeDefined();
    // A worker holding the same stale read does not lock it again.
    expect(await c.procs[1].timers.lock(first!, 'p1')).toBeUndefined();
    expect(await names(minutes(20))).not.toContain('claims.remind:lead-2');
    await c.procs[0].timers.settle(locked!, { lockedAt: null, nextRunAt: null, lastFinishedAt: minutes(20) });
    expect(await names(minutes(20))).toEqual(['claims.remind:lead-1', 'claims.reoffer:lead-2']);
  });

  it('drops a lead’s pending timers, and purges finished one-off jobs', async () => {
    await c.procs[1].timers.cancelFor({ leadId: 'lead-1' });
    const left = await c.procs[0].timers.due(DUE_JOBS, minutes(120), lockMs, 50);
    expect(left.map((j) => (j.data as { leadId: string }).leadId)).toEqual(['lead-2']);
    expect(await c.procs[0].timers.purgeFinished(minutes(21))).toBe(1);
    const remaining = (await jobs().find({}).toArray()).map(
      (d) => `${d.name as JobName}:${(d.data as { leadId: string }).leadId}`,
    );
    expect(remaining).toEqual(['claims.reoffer:lead-2']);
  });
});
