import type { Collection, Db } from 'mongodb';
import { insertOnce, insertedOnce } from './insert-once.js';
import { purgeSettled } from './purge-settled.js';
import {
  deliveryLeaseId,
  type Delivery,
  type DeliveryLease,
  type DeliveryStore,
} from '../webhooks/delivery-port.js';

/**
 * The Mongo {@link DeliveryStore}: collections `webhook_deliveries` and `webhook_leases`. Races are
 * decided by inserts under natural `_id`s (a delivery per notice and webhook, a lease per attempt).
 */
export class MongoDeliveryStore implements DeliveryStore {
  readonly deliveries: Collection<Delivery>;
  readonly leases: Collection<DeliveryLease>;

  constructor(db: Db) {
    this.deliveries = db.collection<Delivery>('webhook_deliveries');
    this.leases = db.collection<DeliveryLease>('webhook_leases');
  }

  async init(): Promise<void> {
    await this.deliveries.createIndex({ status: 1, stream: 1, seq: 1 });
    await this.deliveries.createIndex({ webhookId: 1 });
  }

  async insertMany(deliveries: Delivery[]): Promise<Set<string>> {
    return insertOnce(this.deliveries, deliveries);
  }

  async get(id: string): Promise<Delivery | null> {
    return this.deliveries.findOne({ _id: id });
  }

  async pending(limit: number): Promise<Delivery[]> {
    return this.deliveries.find({ status: 'pending' }).sort({ stream: 1, seq: 1 }).limit(limit).toArray();
  }

  async mark(id: string, fields: Partial<Omit<Delivery, '_id'>>): Promise<void> {
    await this.deliveries.updateOne({ _id: id }, { $set: fields });
  }

  async insertLease(lease: DeliveryLease): Promise<boolean> {
    return insertedOnce(this.leases, lease);
  }

  async lease(deliveryId: string, attempt: number): Promise<DeliveryLease | null> {
    return this.leases.findOne({ _id: deliveryLeaseId(deliveryId, attempt) });
  }

  async ofWebhook(webhookId: string): Promise<Delivery[]> {
    return this.deliveries.find({ webhookId }).sort({ stream: 1, seq: 1 }).toArray();
  }

  async purge(before: Date): Promise<number> {
    // Order within a stream is kept among pending deliveries only, so settled ones can go.
    return purgeSettled(this.deliveries as never, this.leases as never, 'deliveryId', before);
  }
}
