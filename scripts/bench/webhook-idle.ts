import type { Connection } from 'mongoose';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/logger.js';
import { MongoDeliveryStore } from '../../src/store/mongo-webhook-delivery-store.js';
import type { Delivery } from '../../src/webhooks/delivery-port.js';
import { createWebhookOutbox, type WebhookOutbox } from '../../src/webhooks/webhook-outbox.js';
import type { BenchDb } from './bench-db.js';
import { alternate, fmt, median } from './stats.js';

const SETTLED = 5000;

function idleOutbox(store: MongoDeliveryStore): WebhookOutbox {
  return createWebhookOutbox({
    store,
    hooks: {
      get: () => Promise.resolve(null),
      listTeam: () => Promise.resolve([]),
      insert: () => Promise.resolve(true),
      update: () => Promise.resolve(),
    },
    teams: { get: () => Promise.resolve(null) },
    clock: new ManualClock(new Date()),
    log: createLogger({ level: 'silent' }),
    allowPrivate: false,
    timeoutMs: 1000,
    pause: () => Promise.resolve(),
  });
}

/** `count` delivered deliveries, as the purge keeps them for 14 days. */
function settled(from: number, count: number, now: Date): Delivery[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return {
      _id: `bench:${i}|wh-bench`,
      webhookId: 'wh-bench',
      teamId: 'team-bench',
      stream: `wh-bench|lead:${i % 500}`,
      seq: i,
      event: { id: `bench:${i}`, type: 'lead.created', time: now.toISOString(), team: 't', data: {} },
      status: 'delivered',
      attempt: 1,
      nextAt: now,
      createdAt: now,
      deliveredAt: now,
    };
  });
}

/**
 * The webhook delivery pass of an idle deployment (every 5 s in every process with jobs): timed in
 * a database with SETTLED settled deliveries kept and in one with none, alternating; and, for
 * scale, the query an earlier version ran over that history (settled and pending deliveries in
 * one collection). Returns one line of ratios.
 */
export async function benchWebhookIdle(db: BenchDb, rounds: number): Promise<string> {
  const conns: Connection[] = [];
  try {
    const [empty, full] = await Promise.all([db.connect('webhook_idle'), db.connect('webhook_history')]);
    conns.push(empty.conn, full.conn);
    const stores = conns.map((c) => new MongoDeliveryStore(c.db!));
    const outboxes = stores.map(idleOutbox);
    const now = new Date();
    for (let start = 0; start < SETTLED; start += 1000)
      await stores[1]!.settledDeliveries.insertMany(settled(start, Math.min(1000, SETTLED - start), now));
    await Promise.all(outboxes.map((o) => o.runOnce())); // each process's first pass (its sweep)
    const timed = (fn: () => Promise<unknown>) => async () => {
      const t0 = performance.now();
      await fn();
      return performance.now() - t0;
    };
    const [none, many, before] = (
      await alternate(rounds, [
        timed(() => outboxes[0]!.runOnce()),
        timed(() => outboxes[1]!.runOnce()),
        timed(() =>
          stores[1]!.settledDeliveries
            .find({ status: 'pending' })
            .sort({ stream: 1, seq: 1 })
            .limit(5000)
            .toArray(),
        ),
      ])
    ).map(median) as [number, number, number];
    return (
      `webhooks: an idle delivery pass with ${SETTLED} settled deliveries ÷ with none: ${fmt(many / none)}× ` +
      `(${fmt(many, ' ms')} vs ${fmt(none, ' ms')}); the earlier version's query over them: ${fmt(before / none)}×`
    );
  } finally {
    for (const c of conns) {
      await c.dropDatabase();
      await c.close();
    }
  }
}
