// The store contract suite's harness: every store port built on two processes' connections to
// one database of the run's engine (test/support/engine.ts), and a way to race them for real.
import type { Agenda } from 'agenda';
import type { Db } from 'mongodb';
import type { Connection } from 'mongoose';
import type { Journal } from '../../../src/chat/journal-port.js';
import { createMongoJournal, type JournalOptions } from '../../../src/store/mongo-journal.js';
import { MongoOutboxStore } from '../../../src/store/mongo-outbox-store.js';
import { ManualClock } from '../../../src/core/clock.js';
import type { Ctx, Stores } from '../../../src/core/ports.js';
import type { Person } from '../../../src/core/roster/person.js';
import type { Team } from '../../../src/core/roster/team.js';
import { addMember, setupTeam } from '../../../src/core/roster/index.js';
import type { CoreDeps } from '../../../src/core/shared/deps.js';
import { AgendaTimers } from '../../../src/store/agenda-timers.js';
import { JOB_TABLE } from '../../../src/jobs/job-store.js';
import type { JobName } from '../../../src/jobs/job-specs.js';
import { createScheduler, type Scheduler } from '../../../src/jobs/scheduler.js';
import { createLogger } from '../../../src/logger.js';
import { ensureCollections } from '../../../src/store/collections.js';
import { isTransient } from '../../../src/store/mongo-errors.js';
import { createModels, ensureIndexes } from '../../../src/store/models.js';
import { sequenceLedger } from '../../../src/store/mongo-lead-store.js';
import { createMongoStores } from '../../../src/store/mongo-stores.js';
import type { SequenceDoc, SequenceLedger } from '../../../src/store/sequence-ledger.js';
import { RecordingNotifier, RecordingTimers } from '../../support/core.js';
import { dropAndClose, openTestConnection } from '../../support/db.js';
import { currentEngine, type Engine, type EngineProcess } from '../../support/engine.js';
import { createAgendaBackend } from '../../../src/store/agenda-backend.js';

/**
 * One process's store ports. This is the only place the suite names where each implementation
 * lives; when a port moves (into src/store), only these lines change and every contract below
 * holds it to the same promises.
 */
export type Ports = {
  /** Which process: 0 or 1. */
  index: number;
  conn: Connection;
  stores: Stores;
  sequences: SequenceLedger<SequenceDoc>;
  outbox: MongoOutboxStore;
  journal(opts?: JournalOptions): Journal;
  agenda: Agenda;
  timers: AgendaTimers<JobName>;
  /** Use-case dependencies on these stores (recording notifier and timers, the shared clock). */
  core: CoreDeps;
};

export type Contract = {
  engine: Engine;
  /** The two processes: [0] on the run's server, [1] opened with `engine.openProcess()`. */
  procs: [Ports, Ports];
  clock: ManualClock;
  /**
   * Runs `n` operations at once, alternating between the two processes, and settles them all:
   * every operation is in flight against the database before any has finished.
   */
  race<T>(n: number, op: (p: Ports, i: number) => Promise<T>): Promise<PromiseSettledResult<T>[]>;
  close(): Promise<void>;
};

const silent = createLogger({ level: 'silent' });

function buildPorts(
  index: number,
  conn: Connection,
  clock: ManualClock,
): { ports: Ports; scheduler: Scheduler } {
  const stores = createMongoStores(createModels(conn));
  const scheduler = createScheduler({ backend: createAgendaBackend(conn), log: silent, runJobs: false });
  const ports: Ports = {
    index,
    conn,
    stores,
    sequences: sequenceLedger(createModels(conn)),
    outbox: new MongoOutboxStore(conn.db!),
    journal: (opts) => createMongoJournal(conn, opts),
    agenda: scheduler.agenda,
    timers: new AgendaTimers(scheduler.agenda, JOB_TABLE),
    core: {
      stores,
      notifier: new RecordingNotifier(),
      timers: new RecordingTimers(),
      clock,
      defaults: { timezone: 'Europe/Berlin', locale: 'en' },
    },
  };
  return { ports, scheduler };
}

/**
 * A fresh database with every collection and index (as a starting bot makes them), process 0 on
 * it, then process 1 — which on FerretDB/PostgreSQL is a second server that starts after the
 * schema exists, as a second host's Baton would.
 */
export async function openContract(
  opts: {
    start?: string;
    /** Creates what else the test uses, before process 1 starts (see collections.ts for why). */
    prepare?: (db: Db) => Promise<void>;
  } = {},
): Promise<Contract> {
  const engine = currentEngine();
  const clock = new ManualClock(opts.start ?? '2026-12-01T09:00:00Z');
  const conn0 = await openTestConnection();
  await ensureCollections(conn0.db!);
  await ensureIndexes(createModels(conn0));
  await opts.prepare?.(conn0.db!);
  const p0 = buildPorts(0, conn0, clock);
  await p0.ports.outbox.init();
  await p0.ports.agenda.ready;
  let second: EngineProcess | undefined;
  try {
    second = await engine.openProcess();
    const p1 = buildPorts(1, await second.connect(conn0.name), clock);
    await p1.ports.agenda.ready;
    const procs: [Ports, Ports] = [p0.ports, p1.ports];
    return {
      engine,
      procs,
      clock,
      race: (n, op) => Promise.allSettled(Array.from({ length: n }, (_, i) => op(procs[i % 2]!, i))),
      async close() {
        await p1.scheduler.stop();
        await p0.scheduler.stop();
        await second!.close();
        await dropAndClose(conn0);
      },
    };
  } catch (err) {
    await second?.close();
    await dropAndClose(conn0);
    throw err;
  }
}

/** The fulfilled values of settled operations. */
export function wins<T>(results: PromiseSettledResult<T>[]): T[] {
  return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
}

/** The rejection reasons of settled operations. */
export function losses(results: PromiseSettledResult<unknown>[]): unknown[] {
  return results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
}

let keys = 0;
/** A request context on the contract's clock, under a fresh idempotency key unless given. */
export function ctxOf(c: Contract, actorId?: string, key = `contract:${++keys}`): Ctx {
  return { ...(actorId ? { actorId } : {}), source: 'console', key, now: c.clock.now() };
}

export type Seeded = { team: Team; admin: Person; sdr: Person; aes: Person[] };

/** A team set up through the use cases on process 0: an admin, an SDR and `aes` AEs. */
export async function seedTeam(c: Contract, aes = 3): Promise<Seeded> {
  const core = c.procs[0].core;
  const founder = { address: 'console:boss', name: 'Boss' };
  const { team, admin } = await setupTeam(core, { teamName: 'Sales', founder }, ctxOf(c));
  const add = (handle: string, roles: string[]) =>
    addMember(core, { name: handle, handle, roles, address: `console:${handle}` }, ctxOf(c, admin.id));
  const sdr = await add('sdr1', ['sdr']);
  const list: Person[] = [];
  for (let i = 1; i <= aes; i++) list.push(await add(`ae${i}`, ['ae']));
  return { team, admin, sdr, aes: list };
}

/** Retries an operation SQLite refused for the moment ("database is locked"), as interactions do. */
export async function retryTransient<T>(op: () => Promise<T>, tries = 10): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await op();
    } catch (err) {
      if (i >= tries || !isTransient(err)) throw err;
      await new Promise((r) => setTimeout(r, 50 * i));
    }
  }
}
