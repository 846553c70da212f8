import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'mongoose';
import { createScheduler } from '../../src/jobs/scheduler.js';
import { createLogger } from '../../src/logger.js';
import { dropAndClose, openTestConnection } from '../support/db.js';
import { createAgendaBackend } from '../../src/store/agenda-backend.js';

const log = createLogger({ level: 'silent' });
// Agenda checks a running job's lock every lockLifetime/2 on an un-unref'd timer; keep it short
// so the test process is not held open after the run, but longer than a busy machine can take to
// record a finished job (at 1 s, a lock that lapsed before the finish was written let a second
// poll run the job again beside another npm test).
const SHORT_LOCK = { lockLifetime: 5000 };

function waitFor(cond: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((res, rej) => {
    const tick = () => {
      if (cond()) return res();
      if (Date.now() > deadline) return rej(new Error('timed out waiting'));
      setTimeout(tick, 50);
    };
    tick();
  });
}

describe('Agenda 6 with MongoBackend on mongoose’s connection', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await openTestConnection();
  });
  afterAll(async () => {
    await dropAndClose(conn);
  });

  it('runs a job scheduled now exactly once', async () => {
    const s = createScheduler({ backend: createAgendaBackend(conn), log, runJobs: true, processEvery: 100 });
    const runs: string[] = [];
    s.agenda.define(
      'test.once',
      (job) => {
        return Promise.resolve().then(() => {
          runs.push((job.attrs.data as { tag: string }).tag);
        });
      },
      SHORT_LOCK,
    );
    await s.start();
    await s.agenda.now('test.once', { tag: 'a' });
    await waitFor(() => runs.length >= 1);
    await new Promise((r) => setTimeout(r, 600)); // several more polls: it must not run again
    await s.stop();
    expect(runs).toEqual(['a']);
  });

  it('keeps a job stored by a stopped instance and runs it from a new instance (persistence)', async () => {
    const first = createScheduler({ backend: createAgendaBackend(conn), log, runJobs: false });
    first.agenda.define('test.later', () => Promise.resolve());
    await first.start(); // scheduling-only: stores, never processes
    await first.agenda.schedule(new Date(Date.now() + 300), 'test.later', { n: 7 });
    await first.stop();

    const second = createScheduler({
      backend: createAgendaBackend(conn),
      log,
      runJobs: true,
      processEvery: 100,
    });
    const seen: number[] = [];
    second.agenda.define(
      'test.later',
      (job) => {
        return Promise.resolve().then(() => {
          seen.push((job.attrs.data as { n: number }).n);
        });
      },
      SHORT_LOCK,
    );
    await second.start();
    await waitFor(() => seen.length >= 1);
    await second.stop();
    expect(seen).toEqual([7]);
    expect(second.state()).toBe('stopped');
  });
});
