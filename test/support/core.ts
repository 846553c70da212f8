// Test harness for the core: real stores on the embedded database, recording ports.
import type { Connection } from 'mongoose';
import { ManualClock } from '../../src/core/clock.js';
import { BatonError } from '../../src/core/errors.js';
import type { Notice, Notifier } from '../../src/core/notices.js';
import type { Ctx, Source, Timer, Timers } from '../../src/core/ports.js';
import type { CoreDeps } from '../../src/core/shared/deps.js';
import { createModels, ensureIndexes } from '../../src/store/models.js';
import { createMongoStores } from '../../src/store/mongo-stores.js';
import { dropAndClose, openTestConnection } from './db.js';
import { setupTeam, addMember } from '../../src/core/roster/index.js';
import type { Person } from '../../src/core/roster/person.js';
import type { Team } from '../../src/core/roster/team.js';

/** Records notices the way the outbox would: once per key and recipient. */
export class RecordingNotifier implements Notifier {
  readonly sent: Notice[] = [];
  private readonly seen = new Set<string>();
  notify(notices: Notice[]): Promise<void> {
    for (const n of notices) {
      const id = `${n.key}|${JSON.stringify(n.to)}`;
      if (this.seen.has(id)) continue;
      this.seen.add(id);
      this.sent.push(n);
    }
    return Promise.resolve();
  }
  of(kind: Notice['body']['kind']): Notice[] {
    return this.sent.filter((n) => n.body.kind === kind);
  }
  clear(): void {
    this.sent.length = 0;
  }
}

/** Records timers (one per distinct timer), for tests to fire by hand. */
export class RecordingTimers implements Timers {
  readonly scheduled: { timer: Timer; at: Date }[] = [];
  private readonly seen = new Set<string>();
  schedule(timer: Timer, at: Date): Promise<void> {
    const id = JSON.stringify(timer);
    if (!this.seen.has(id)) {
      this.seen.add(id);
      this.scheduled.push({ timer, at });
    }
    return Promise.resolve();
  }
  async scheduleAll(timers: readonly { timer: Timer; at: Date }[]): Promise<void> {
    for (const t of timers) await this.schedule(t.timer, t.at);
  }
  cancelFor(): Promise<void> {
    return Promise.resolve();
  }
  of<K extends Timer['kind']>(kind: K): { timer: Extract<Timer, { kind: K }>; at: Date }[] {
    return this.scheduled.filter((t) => t.timer.kind === kind) as {
      timer: Extract<Timer, { kind: K }>;
      at: Date;
    }[];
  }
}

export type CoreHarness = {
  conn: Connection;
  deps: CoreDeps;
  clock: ManualClock;
  notifier: RecordingNotifier;
  timers: RecordingTimers;
  /** A request context for `actorId` with a fresh idempotency key (or the given one). */
  ctx(actorId?: string, key?: string, source?: Source): Ctx;
  close(): Promise<void>;
};

let keySeq = 0;

/** Real Mongo stores on a database of this test file's own, a manual clock, recording ports. */
export async function createCoreHarness(start = '2026-12-01T09:00:00Z'): Promise<CoreHarness> {
  const conn = await openTestConnection();
  const models = createModels(conn);
  await ensureIndexes(models);
  const clock = new ManualClock(start);
  const notifier = new RecordingNotifier();
  const timers = new RecordingTimers();
  const deps: CoreDeps = {
    stores: createMongoStores(models),
    notifier,
    timers,
    clock,
    defaults: { timezone: 'Europe/Berlin', locale: 'en' },
  };
  return {
    conn,
    deps,
    clock,
    notifier,
    timers,
    ctx: (actorId, key, source = 'console') => ({
      ...(actorId ? { actorId } : {}),
      source,
      key: key ?? `test:${process.pid}:${++keySeq}`,
      now: clock.now(),
    }),
    close: () => dropAndClose(conn),
  };
}

export type SeededTeam = { team: Team; admin: Person; sdrs: Person[]; aes: Person[]; ams: Person[] };

/** A team set up through the real use cases: one admin/manager plus SDRs, AEs and AMs. */
export async function seedTeam(
  h: CoreHarness,
  opts: { sdrs?: number; aes?: number; ams?: number; aeWeights?: number[]; timezone?: string } = {},
): Promise<SeededTeam> {
  const { team, admin } = await setupTeam(
    h.deps,
    {
      teamName: 'Sales',
      founder: { address: 'console:boss', name: 'Boss', username: 'boss' },
      timezone: opts.timezone ?? 'Europe/Berlin',
    },
    h.ctx(),
  );
  const add = async (handle: string, roles: string[], weight?: number) =>
    addMember(
      h.deps,
      {
        name: handle[0]!.toUpperCase() + handle.slice(1),
        handle,
        roles,
        address: `console:${handle}`,
        ...(weight ? { weight } : {}),
      },
      h.ctx(admin.id),
    );
  const sdrs: Person[] = [];
  const aes: Person[] = [];
  const ams: Person[] = [];
  for (let i = 0; i < (opts.sdrs ?? 1); i++) sdrs.push(await add(`sdr${i + 1}`, ['sdr']));
  for (let i = 0; i < (opts.aes ?? 3); i++) aes.push(await add(`ae${i + 1}`, ['ae'], opts.aeWeights?.[i]));
  for (let i = 0; i < (opts.ams ?? 1); i++) ams.push(await add(`am${i + 1}`, ['am']));
  h.notifier.clear();
  return { team, admin, sdrs, aes, ams };
}

let leadSeq = 0;
/** A valid lead input with a unique company, email and phone. */
export function leadInput(overrides: Record<string, unknown> = {}) {
  const n = ++leadSeq;
  return {
    company: `Company ${n}`,
    contactName: `Contact ${n}`,
    email: `buyer${n}@company${n}-${process.pid}.com`,
    phone: `+1 555 ${String(1000000 + n).slice(-7)}`,
    source: 'inbound',
    need: true,
    value: '10000',
    ...overrides,
  };
}

/** The coded refusal a use case answers with (fails the test when it succeeds or throws anything else). */
export async function refusal(p: Promise<unknown>): Promise<BatonError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof BatonError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}
