// The webhook deliveries' collections raced from two processes: a delivery recorded once, each
// attempt leased by one process, settled once (moved from the pending ones to the settled ones,
// whoever settles it and however often), what an earlier version settled in place moved by both
// processes' start-up sweeps at once, and the purge of what settled (in either collection).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoDeliveryStore } from '../../../src/store/mongo-webhook-delivery-store.js';
import { deliveryLeaseId, type Delivery } from '../../../src/webhooks/delivery-port.js';
import { losses, openContract, wins, type Contract } from './harness.js';

const created = new Date('2026-12-01T09:00:00Z');

function delivery(id: string, seq = 1, status: Delivery['status'] = 'pending'): Delivery {
  return {
    _id: `${id}|wh-1`,
    webhookId: 'wh-1',
    teamId: 'team-1',
    stream: `wh-1|lead:${id.split(':')[0]}`,
    seq,
    event: { id, type: 'lead.created', time: created.toISOString(), team: 'team-1', data: {} },
    status,
    attempt: status === 'pending' ? 0 : 1,
    nextAt: created,
    createdAt: created,
  };
}

describe('webhook delivery store', () => {
  let c: Contract;
  let stores: [MongoDeliveryStore, MongoDeliveryStore];
  beforeAll(async () => {
    c = await openContract();
    stores = [new MongoDeliveryStore(c.procs[0].conn.db!), new MongoDeliveryStore(c.procs[1].conn.db!)];
    await stores[0].init();
  });
  afterAll(() => c.close());

  it('records a delivery once and leases each attempt to one process', async () => {
    const batch = [delivery('a:1', 1), delivery('a:2', 2), delivery('b:1', 1)];
    const inserted = wins(await c.race(6, (p) => stores[p.index]!.insertMany(batch)));
    expect(inserted.flatMap((s) => [...s]).sort()).toEqual(batch.map((d) => d._id).sort());
    const leases = await c.race(8, (p) =>
      stores[p.index]!.insertLease({
        _id: deliveryLeaseId('a:1|wh-1', 1),
        deliveryId: 'a:1|wh-1',
        attempt: 1,
        owner: `proc-${p.index}`,
        at: created,
      }),
    );
    expect(losses(leases)).toEqual([]);
    expect(wins(leases).filter(Boolean)).toHaveLength(1);
    expect((await stores[1].pending(10)).map((d) => d._id)).toEqual(['a:1|wh-1', 'a:2|wh-1', 'b:1|wh-1']);
  });

  it('settles a delivery once from both processes: gone from the pending ones, its first settlement kept', async () => {
    const d = (await stores[0].get('a:1|wh-1'))!;
    const results = await c.race(6, (p, i) =>
      stores[p.index]!.settle(d, { status: 'delivered', attempt: 1, lastError: `settler ${i}` }),
    );
    expect(losses(results)).toEqual([]);
    expect((await stores[1].pending(10)).map((x) => x._id)).toEqual(['a:2|wh-1', 'b:1|wh-1']);
    const settled = (await stores[1].get('a:1|wh-1'))!;
    expect(settled.status).toBe('delivered');
    // Recorded again (a replayed request): pending once more, but `get` answers with the settled
    // record, and settling that removes the copy without changing the record.
    expect([...(await stores[1].insertMany([d]))]).toEqual([d._id]);
    expect((await stores[0].pending(10)).map((x) => x._id)).toContain(d._id);
    expect((await stores[0].get(d._id))!.lastError).toBe(settled.lastError);
    await stores[0].settle((await stores[0].get(d._id))!, {});
    expect((await stores[1].pending(10)).map((x) => x._id)).not.toContain(d._id);
    expect((await stores[1].get(d._id))!).toEqual(settled);
    expect((await stores[1].ofWebhook('wh-1')).map((x) => [x._id, x.status])).toEqual([
      ['a:1|wh-1', 'delivered'],
      ['a:2|wh-1', 'pending'],
      ['b:1|wh-1', 'pending'],
    ]);
  });

  it("moves what an earlier version settled in place, once, with both processes' sweeps at once", async () => {
    const old = [delivery('c:1', 1, 'delivered'), delivery('c:2', 2, 'dropped')];
    await c.procs[0].conn.db!.collection<Delivery>('webhook_deliveries').insertMany(old);
    const swept = await c.race(4, (p) => stores[p.index]!.sweepSettled());
    expect(losses(swept)).toEqual([]);
    expect(wins(swept).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
    expect((await stores[1].pending(10)).map((x) => x._id)).toEqual(['a:2|wh-1', 'b:1|wh-1']);
    expect((await stores[0].get('c:2|wh-1'))?.status).toBe('dropped');
    expect(await stores[1].sweepSettled()).toBe(0);
  });

  it('purges what settled before the cut (with its leases), whichever collection holds it; pending stays', async () => {
    // One settled in place by an earlier version still running (a rolling upgrade).
    await c.procs[1].conn
      .db!.collection<Delivery>('webhook_deliveries')
      .insertOne(delivery('d:1', 1, 'delivered'));
    const cut = new Date(created.getTime() + 3_600_000);
    expect(await stores[1].purge(new Date(created.getTime() - 1))).toBe(0);
    expect(await stores[1].purge(cut)).toBe(4);
    expect(await stores[0].lease('a:1|wh-1', 1)).toBeNull();
    expect((await stores[0].pending(10)).map((x) => x._id)).toEqual(['a:2|wh-1', 'b:1|wh-1']);
    expect(await stores[0].get('a:1|wh-1')).toBeNull();
  });
});
