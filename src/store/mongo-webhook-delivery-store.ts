import type { Collection, Db } from 'mongodb';
import { insertOnce, insertedOnce } from './insert-once.js';
import { purgeSettled } from './purge-settled.js';
import {
  deliveryLeaseId,
  type Delivery,
  type DeliveryLease,
  type DeliveryStore,
} from '../webhooks/delivery-port.js';

/** Settled deliveries moved out of the pending collection per command (the start-up sweep). */
const SWEEP_BATCH = 5000;

/**
 * The Mongo {@link DeliveryStore}: collections `webhook_deliveries` (what is still owed),
 * `webhook_settled` (delivered or dropped, kept until the purge) and `webhook_leases`. Races are
 * decided by inserts under natural `_id`s (a delivery per notice and webhook, a lease per attempt,
 * a settled record per delivery).
 *
 * Why two collections: FerretDB scans a whole collection for any filter but `{_id: scalar}`, so
 * the pass's query for pending deliveries costs what its collection holds. Settling moves a
 * delivery out (insert into `webhook_settled`, then delete), so that query reads only what is
 * owed, however long the history. A delivery recorded again after it settled (a replayed
 * request) is pending once more; `get` then answers with its settled record, which the outbox
 * settles again (removing it) instead of sending it twice.
 */
export class MongoDeliveryStore implements DeliveryStore {
  readonly deliveries: Collection<Delivery>;
  readonly settledDeliveries: Collection<Delivery>;
  readonly leases: Collection<DeliveryLease>;

  constructor(db: Db) {
    this.deliveries = db.collection<Delivery>('webhook_deliveries');
    this.settledDeliveries = db.collection<Delivery>('webhook_settled');
    this.leases = db.collection<DeliveryLease>('webhook_leases');
  }

  async init(): Promise<void> {
    await this.deliveries.createIndex({ status: 1, stream: 1, seq: 1 });
    await this.settledDeliveries.createIndex({ webhookId: 1 });
  }

  async insertMany(deliveries: Delivery[]): Promise<Set<string>> {
    return insertOnce(this.deliveries, deliveries);
  }

  async get(id: string): Promise<Delivery | null> {
    const [settled, pending] = await Promise.all([
      this.settledDeliveries.findOne({ _id: id }),
      this.deliveries.findOne({ _id: id }),
    ]);
    return settled ?? pending;
  }

  async pending(limit: number): Promise<Delivery[]> {
    return this.deliveries.find({ status: 'pending' }).sort({ stream: 1, seq: 1 }).limit(limit).toArray();
  }

  async mark(id: string, fields: Partial<Omit<Delivery, '_id'>>): Promise<void> {
    await this.deliveries.updateOne({ _id: id }, { $set: fields });
  }

  async settle(delivery: Delivery, fields: Partial<Omit<Delivery, '_id'>>): Promise<void> {
    // Recorded settled first: a crash between the two leaves a pending copy that `get` answers
    // for with this record (settled again, not sent).
    if (delivery.status === 'pending')
      await insertedOnce(this.settledDeliveries, { ...delivery, ...fields });
    await this.deliveries.deleteOne({ _id: delivery._id });
  }

  async sweepSettled(): Promise<number> {
    let moved = 0;
    for (;;) {
      const batch = await this.deliveries
        .find({ status: { $ne: 'pending' } })
        .limit(SWEEP_BATCH)
        .toArray();
      if (!batch.length) return moved;
      await insertOnce(this.settledDeliveries, batch);
      await this.deliveries.deleteMany({ _id: { $in: batch.map((d) => d._id) }, status: { $ne: 'pending' } });
      moved += batch.length;
      if (batch.length < SWEEP_BATCH) return moved;
    }
  }

  async insertLease(lease: DeliveryLease): Promise<boolean> {
    return insertedOnce(this.leases, lease);
  }

  async lease(deliveryId: string, attempt: number): Promise<DeliveryLease | null> {
    return this.leases.findOne({ _id: deliveryLeaseId(deliveryId, attempt) });
  }

  async ofWebhook(webhookId: string): Promise<Delivery[]> {
    const [settled, pending] = await Promise.all([
      this.settledDeliveries.find({ webhookId }).toArray(),
      this.deliveries.find({ webhookId }).toArray(),
    ]);
    const seen = new Set(settled.map((d) => d._id));
    return [...settled, ...pending.filter((d) => !seen.has(d._id))].sort(
      (a, b) => a.stream.localeCompare(b.stream) || a.seq - b.seq,
    );
  }

  async purge(before: Date): Promise<number> {
    // Order within a stream is kept among pending deliveries only, so settled ones can go (and
    // any an earlier version settled in place).
    const old = await purgeSettled(this.deliveries as never, this.leases as never, 'deliveryId', before);
    return (
      old + (await purgeSettled(this.settledDeliveries as never, this.leases as never, 'deliveryId', before))
    );
  }
}
