// The delivery pass reads what is owed, not the history: settled deliveries leave the pending
// collection, so an idle pass (every 5 s in every process with jobs) costs the same with many
// settled deliveries as with none. On FerretDB every filter but `{_id: <scalar>}` scans its whole
// collection, so what a pass examines is counted here as the size of each collection it queries
// that way: counted, not timed. Also: deliveries an earlier version left pending (and settled in
// place) are delivered once after the upgrade; a delivery recorded again after it settled, or left
// pending by a crash between settling and removing it, is not sent again.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'mongoose';
import { ManualClock } from '../../src/core/clock.js';
import type { Webhook } from '../../src/core/webhooks/webhook.js';
import { connectDatabase } from '../../src/store/database.js';
import { MongoDeliveryStore } from '../../src/store/mongo-webhook-delivery-store.js';
import type { Delivery } from '../../src/webhooks/delivery-port.js';
import { createWebhookOutbox, type WebhookOutbox } from '../../src/webhooks/webhook-outbox.js';
import { silentLog } from '../jobs/harness.js';
import { dropAndClose, testMongoUri, uniqueDbName } from '../support/db.js';
import { Receiver } from './receiver.js';

const receiver = new Receiver();
const clock = new ManualClock('2026-12-01T09:00:00Z');
let conn: Connection;
let store: MongoDeliveryStore;
let hook: Webhook;
const queries: { collection: string; filter: Record<string, unknown> }[] = [];

function outbox(owner: string, leaseTimeoutMs = 120_000): WebhookOutbox {
  return createWebhookOutbox({
    store,
    hooks: {
      get: (id) => Promise.resolve(id === hook.id ? hook : null),
      listTeam: () => Promise.resolve([hook]),
      insert: () => Promise.resolve(true),
      update: () => Promise.resolve(),
    },
    teams: { get: () => Promise.resolve(null) },
    clock,
    log: silentLog,
    allowPrivate: true,
    timeoutMs: 1000,
    owner,
    leaseTimeoutMs,
    pause: () => Promise.resolve(),
  });
}

let n = 0;
function delivery(stream: string, seq: number, status: Delivery['status'] = 'pending'): Delivery {
  const id = `evt-${++n}`;
  return {
    _id: `${id}|${hook.id}`,
    webhookId: hook.id,
    teamId: 'team-1',
    stream: `${hook.id}|${stream}`,
    seq,
    event: { id, type: 'lead.created', time: clock.now().toISOString(), team: 'team-1', data: {} },
    status,
    attempt: status === 'pending' ? 0 : 1,
    nextAt: clock.now(),
    createdAt: clock.now(),
  };
}

/** What FerretDB reads for the queries since `from`: the whole collection for any filter but `_id`. */
async function examined(from: number): Promise<{ queries: number; documents: number }> {
  const scans = queries.slice(from).filter((q) => typeof q.filter._id !== 'string');
  let documents = 0;
  for (const s of scans) documents += await conn.db!.collection(s.collection).countDocuments();
  return { queries: queries.length - from, documents };
}

beforeAll(async () => {
  conn = await connectDatabase(testMongoUri(), { dbName: uniqueDbName(), monitorCommands: true });
  conn.getClient().on('commandStarted', (e) => {
    const body = e.command as Record<string, unknown>;
    if (e.commandName === 'find')
      queries.push({ collection: String(body.find), filter: (body.filter ?? {}) as Record<string, unknown> });
  });
  store = new MongoDeliveryStore(conn.db!);
  await receiver.start();
  hook = {
    id: 'wh-0000beef',
    teamId: 'team-1',
    url: receiver.url,
    events: [],
    secret: 'whsec_pending-apart',
    createdBy: 'test',
    createdAt: clock.now(),
  };
});
afterAll(async () => {
  await receiver.stop();
  await dropAndClose(conn);
});

describe('the pending deliveries apart from the settled ones', () => {
  it('an upgrade delivers what an earlier version left pending, once, in order, and moves what it settled in place', async () => {
    // An earlier version's collection: settled deliveries beside pending ones, in one collection.
    const old = [delivery('lead:a', 1, 'delivered'), delivery('lead:a', 2, 'dropped')];
    const owed = [delivery('lead:a', 3), delivery('lead:b', 1), delivery('lead:a', 4)];
    await conn.db!.collection<Delivery>('webhook_deliveries').insertMany([...old, ...owed]);
    const a = outbox('node-a');
    await Promise.all([a.runOnce(), outbox('node-b').runOnce()]);
    const ids = receiver.delivered().map((e) => e.id);
    expect(ids.filter((id) => owed.some((d) => d.event.id === id))).toHaveLength(3);
    expect(ids.filter((id) => id === owed[0]!.event.id || id === owed[2]!.event.id)).toEqual([
      owed[0]!.event.id,
      owed[2]!.event.id,
    ]);
    expect(ids.some((id) => old.some((d) => d.event.id === id))).toBe(false);
    expect(await conn.db!.collection('webhook_deliveries').countDocuments()).toBe(0);
    const all = await store.ofWebhook(hook.id);
    expect(all.map((d) => [d.stream, d.seq, d.status])).toEqual([
      [`${hook.id}|lead:a`, 1, 'delivered'],
      [`${hook.id}|lead:a`, 2, 'dropped'],
      [`${hook.id}|lead:a`, 3, 'delivered'],
      [`${hook.id}|lead:a`, 4, 'delivered'],
      [`${hook.id}|lead:b`, 1, 'delivered'],
    ]);
  });

  it("an idle pass examines as much with 300 settled deliveries as with none (the pending ones' collection only)", async () => {
    const a = outbox('node-a');
    await a.runOnce(); // the process's first pass (its start-up sweep) is done
    const before = queries.length;
    await a.runOnce();
    const empty = await examined(before);

    const many = Array.from({ length: 300 }, (_, i) => delivery(`lead:${i % 30}`, i));
    await store.insertMany(many);
    receiver.received.length = 0;
    await a.runOnce();
    expect(receiver.delivered()).toHaveLength(300);
    expect(await conn.db!.collection('webhook_settled').countDocuments()).toBeGreaterThanOrEqual(300);

    const after = queries.length;
    await a.runOnce();
    const idle = await examined(after);
    console.log(
      `idle webhook pass: ${empty.queries} find(s), ${empty.documents} documents examined with no history; ` +
        `${idle.queries} find(s), ${idle.documents} with ${await conn.db!.collection('webhook_settled').countDocuments()} settled`,
    );
    expect(idle).toEqual(empty);
    expect(idle).toEqual({ queries: 1, documents: 0 });
  });

  it('a delivery recorded again after it settled, or left pending by a crash, is not sent again', async () => {
    receiver.received.length = 0;
    const d = delivery('lead:z', 1);
    const a = outbox('node-a', 0);
    await store.insertMany([d]);
    await a.runOnce();
    expect(receiver.delivered().map((e) => e.id)).toEqual([d.event.id]);
    // Recorded again (a replayed request): pending once more beside its settled record.
    expect(await store.insertMany([d])).toEqual(new Set([d._id]));
    // And a crash between settling and removing: the settled record written, the pending one kept.
    const e = delivery('lead:y', 1);
    await store.insertMany([e]);
    await conn
      .db!.collection<Delivery>('webhook_settled')
      .insertOne({ ...e, status: 'delivered', attempt: 1 });
    await a.runOnce();
    await a.runOnce();
    expect(receiver.delivered().map((x) => x.id)).toEqual([d.event.id]);
    expect(await store.pending(10)).toEqual([]);
    expect((await store.get(d._id))?.status).toBe('delivered');
  });
});
