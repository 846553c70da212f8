// Jobs on the real database: core harness + real outbox + Agenda timers, driven by runDue.
import { DUE_JOBS, JOB_SPECS, type JobName } from '../../src/jobs/job-specs.js';
import type { Connection } from 'mongoose';
import { createOutbox, type Outbox, type OutboxDeps } from '../../src/chat/outbox/outbox.js';
import type { NoticeRenderer } from '../../src/chat/ports.js';
import type { CoreDeps } from '../../src/core/shared/deps.js';
import { AgendaTimers } from '../../src/store/agenda-timers.js';
import { JOB_TABLE } from '../../src/jobs/job-store.js';
import { createJobs, type Jobs, type JobsDeps } from '../../src/jobs/jobs.js';
import { createScheduler, type Scheduler } from '../../src/jobs/scheduler.js';
import { createLogger } from '../../src/logger.js';
import { createModels, ensureIndexes } from '../../src/store/models.js';
import { createMongoStores } from '../../src/store/mongo-stores.js';
import { connectDatabase } from '../../src/store/database.js';
import { RecordingSender, textRenderer } from '../chat/outbox/recording-sender.js';
import type { CoreHarness } from '../support/core.js';
import { testMongoUri } from '../support/db.js';
import { MongoOutboxStore } from '../../src/store/mongo-outbox-store.js';
import { createAgendaBackend } from '../../src/store/agenda-backend.js';

export const silentLog = createLogger({ level: 'silent' });

/** One "bot process": its own connection, stores, outbox, Agenda and jobs on a shared database. */
export type BotNode = {
  conn: Connection;
  core: CoreDeps;
  sender: RecordingSender;
  outbox: Outbox;
  scheduler: Scheduler;
  timers: AgendaTimers<JobName>;
  jobs: Jobs;
  close(): Promise<void>;
};

export type NodeOptions = {
  sender?: RecordingSender;
  renderer?: NoticeRenderer;
  outbox?: Partial<OutboxDeps>;
  jobs?: Partial<JobsDeps>;
  runJobs?: boolean;
  processEvery?: number;
  /** Open a second connection (another process) instead of reusing the harness's. */
  ownConnection?: boolean;
};

/** Builds a node on the harness's database (the harness's clock is the business clock). */
export async function createNode(h: CoreHarness, opts: NodeOptions = {}): Promise<BotNode> {
  const conn = opts.ownConnection ? await connectDatabase(testMongoUri(), { dbName: h.conn.name }) : h.conn;
  const models = createModels(conn);
  await ensureIndexes(models);
  const stores = opts.ownConnection ? createMongoStores(models) : h.deps.stores;
  const sender = opts.sender ?? new RecordingSender('console');
  const outbox = createOutbox({
    store: new MongoOutboxStore(conn.db!),
    people: stores.people,
    teams: stores.teams,
    leads: stores.leads,
    renderer: opts.renderer ?? textRenderer,
    senders: [sender],
    defaults: h.deps.defaults,
    log: silentLog,
    // Long enough that a live process is never taken over mid-delivery on a loaded machine (with
    // 2 s, a send slowed by load let the other process's sweep deliver the same entry again:
    // pickup-race saw 7 offer messages for 6 entries about one run in four). No test here waits
    // for a takeover; the crash suites that do set their own timeout.
    leaseTimeoutMs: 30_000,
    ...opts.outbox,
  });
  const scheduler = createScheduler({
    backend: createAgendaBackend(conn),
    log: silentLog,
    runJobs: opts.runJobs ?? false,
    processEvery: opts.processEvery ?? 200,
  });
  const timers = new AgendaTimers(scheduler.agenda, JOB_TABLE);
  const core: CoreDeps = { ...h.deps, stores, notifier: outbox, timers };
  const jobs = createJobs({
    agenda: scheduler.agenda,
    timers,
    core,
    clock: h.clock,
    log: silentLog,
    sweepOutbox: () => outbox.sweep(),
    // Short locks: Agenda re-checks a running job's lock every lockLifetime/2 on a timer it never
    // clears, which would hold the test process open for half a lock lifetime after the run.
    lockMs: Object.fromEntries(Object.keys(JOB_SPECS).map((name) => [name, 1000])),
    ...opts.jobs,
  });
  await outbox.start();
  await scheduler.start();
  return {
    conn,
    core,
    sender,
    outbox,
    scheduler,
    timers,
    jobs,
    async close() {
      await scheduler.stop(2000);
      await outbox.stop();
      if (opts.ownConnection) await conn.close();
    },
  };
}

/** Moves business time to `at`, runs what is due and waits until the outbox is idle. */
export async function advanceTo(h: CoreHarness, node: BotNode, at: Date): Promise<void> {
  h.clock.set(at);
  await node.jobs.runDue(at);
  await node.outbox.drain();
}

export const minutes = (n: number) => n * 60_000;

/**
 * Moves business time to `to` the way the console's `clock` does: stopping at each moment a job
 * is due on the way (so a re-offer at 09:15 runs at 09:15, not at `to`), then at `to`.
 */
export async function travel(h: CoreHarness, node: BotNode, to: Date | string): Promise<void> {
  const end = new Date(to);
  for (let stop = 0; stop < 5000; stop++) {
    const [next] = await node.conn
      .db!.collection('agendaJobs')
      .find({ name: { $in: [...DUE_JOBS] }, lockedAt: null, nextRunAt: { $ne: null, $lte: end } })
      .sort({ nextRunAt: 1 })
      .limit(1)
      .toArray();
    if (!next) break;
    const at = new Date(Math.max((next.nextRunAt as Date).getTime(), h.clock.now().getTime()));
    await advanceTo(h, node, at);
  }
  await advanceTo(h, node, end);
}
