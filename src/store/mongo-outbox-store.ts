import type { Collection, Db, Document } from 'mongodb';
import { insertOnce, insertedOnce } from './insert-once.js';
import { purgeSettled } from './purge-settled.js';
import { isDuplicateKey } from './mongo-errors.js';
import {
  leaseId,
  type CardRef,
  type Lease,
  type OutboxEntry,
  type OutboxStore,
  type Settle,
} from '../chat/outbox/outbox-port.js';

/**
 * The Mongo {@link OutboxStore}: collections `outbox`, `outbox_leases` and `outbox_cards`. The
 * races are decided by inserts under natural `_id`s, so FerretDB's non-atomic updates never are.
 */
export class MongoOutboxStore implements OutboxStore {
  readonly entries: Collection<OutboxEntry>;
  readonly leases: Collection<Lease>;
  readonly cards: Collection<CardRef>;

  constructor(db: Db) {
    this.entries = db.collection<OutboxEntry>('outbox');
    this.leases = db.collection<Lease>('outbox_leases');
    this.cards = db.collection<CardRef>('outbox_cards');
  }

  /** Builds the lookup indexes (the unique `_id`s need none). */
  async init(): Promise<void> {
    await this.entries.createIndex({ status: 1, priority: -1 });
    await this.cards.createIndex({ leadId: 1 });
    await this.leases.createIndex({ entryId: 1 });
  }

  /** Inserts the entries that are not recorded yet; returns the ids this call inserted. */
  async insertMany(entries: OutboxEntry[]): Promise<Set<string>> {
    return insertOnce(this.entries, entries);
  }

  async get(id: string): Promise<OutboxEntry | null> {
    return this.entries.findOne({ _id: id });
  }

  /** Pending entries, highest priority first (sweeps pick up what a dead process left). */
  async pending(limit: number): Promise<Pick<OutboxEntry, '_id' | 'priority' | 'targetKey' | 'createdAt'>[]> {
    return this.entries
      .find({ status: 'pending' }, { projection: { _id: 1, priority: 1, targetKey: 1, createdAt: 1 } })
      .sort({ priority: -1, createdAt: 1 })
      .limit(limit)
      .toArray();
  }

  /** Sets fields on an entry (only the lease holder calls this). */
  async mark(id: string, fields: Partial<OutboxEntry>): Promise<void> {
    await this.entries.updateOne({ _id: id }, { $set: fields });
  }

  /** Inserts a lease; false when that attempt was taken already. */
  async insertLease(lease: Lease): Promise<boolean> {
    return insertedOnce(this.leases, lease);
  }

  async lease(entryId: string, attempt: number): Promise<Lease | null> {
    return this.leases.findOne({ _id: leaseId(entryId, attempt) });
  }

  /** The entry's latest lease, probing forward from the entry's hint (only `_id` lookups). */
  async latestLease(entryId: string, hint: number, atHint?: Lease | null): Promise<Lease | null> {
    let n = Math.max(0, hint);
    let last: Lease | null = atHint?.attempt === n ? atHint : n > 0 ? await this.lease(entryId, n) : null;
    for (;;) {
      const next = await this.lease(entryId, n + 1);
      if (!next) return last;
      last = next;
      n += 1;
    }
  }

  /** Renews the holder's own lease so no one takes the entry over while it waits or sends. */
  async renewLease(lease: Lease, at: Date): Promise<void> {
    if (lease.inEntry)
      await this.entries.updateOne({ _id: lease.entryId }, { $set: { lease: { owner: lease.owner, at } } });
    else await this.leases.updateOne({ _id: lease._id }, { $set: { at } });
  }

  /** Records a sent card (insert-once by entry id). */
  async addCard(card: CardRef): Promise<void> {
    try {
      await this.cards.insertOne(card);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /** Records what several finished sends leave: cards (insert-once), then the marks, one write each. */
  async settle({ cards, cardMarks, marks }: Settle): Promise<void> {
    // A card recorded before its entry is marked sent: a sent entry always has its card.
    await insertOnce(this.cards, cards);
    const byId = <T>(ms: { id: string; fields: T }[]) =>
      ms.map((m) => ({ updateOne: { filter: { _id: m.id }, update: { $set: m.fields } } }));
    await Promise.all([
      cardMarks.length ? this.cards.bulkWrite(byId(cardMarks), { ordered: false }) : undefined,
      marks.length ? this.entries.bulkWrite(byId(marks), { ordered: false }) : undefined,
    ]);
  }

  /** Deletes settled entries (and their leases) created before `before`; pending ones stay. */
  async purge(before: Date): Promise<number> {
    return purgeSettled(this.entries as never, this.leases as never, 'entryId', before);
  }

  async cardsOf(leadId: string): Promise<CardRef[]> {
    return this.cards.find({ leadId } as Document).toArray();
  }
}
