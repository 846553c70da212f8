import type { Collection, Db } from 'mongodb';
import { insertOnce, insertedOnce } from './insert-once.js';
import { purgeSettled } from './purge-settled.js';
import {
  cardWrites,
  cardsDocId,
  cardsIn,
  migrateOldCards,
  writeIdempotent,
  type CardsDoc,
  type OutboxDoc,
} from './mongo-outbox-cards.js';
import {
  leaseId,
  type CardRef,
  type Lease,
  type OutboxEntry,
  type OutboxStore,
  type Settle,
} from '../chat/outbox/outbox-port.js';

/**
 * The Mongo {@link OutboxStore}: collections `outbox` (entries, and one card document per lead:
 * see mongo-outbox-cards.ts) and `outbox_leases`; `outbox_cards` is where versions before the card
 * documents kept cards (moved out at start). The races are decided by inserts under natural
 * `_id`s, so FerretDB's non-atomic updates never are.
 */
export class MongoOutboxStore implements OutboxStore {
  readonly entries: Collection<OutboxEntry>;
  readonly leases: Collection<Lease>;
  /** The `outbox` collection as the home of the lead card documents. */
  readonly cardDocs: Collection<OutboxDoc>;
  /** Cards as older versions recorded them (one document each): migrated by `init`. */
  readonly oldCards: Collection<CardRef>;

  constructor(db: Db) {
    this.entries = db.collection<OutboxEntry>('outbox');
    this.leases = db.collection<Lease>('outbox_leases');
    this.cardDocs = db.collection<OutboxDoc>('outbox');
    this.oldCards = db.collection<CardRef>('outbox_cards');
  }

  /** Builds the lookup indexes (the unique `_id`s need none) and moves cards of older versions. */
  async init(): Promise<void> {
    await this.entries.createIndex({ status: 1, priority: -1 });
    await this.leases.createIndex({ entryId: 1 });
    await migrateOldCards(this.oldCards, this.cardDocs);
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

  /** Records a sent card (again: the same card, recorded the same). */
  async addCard(card: CardRef): Promise<void> {
    await writeIdempotent(this.cardDocs, cardWrites([card], []));
  }

  /**
   * Records what several finished sends leave in one ordered command on `outbox`: the cards (one
   * upsert per lead), the card marks, then the entry marks, so a sent entry always has its card.
   */
  async settle({ cards, cardMarks, marks }: Settle): Promise<void> {
    const entryMarks = marks.map((m) => ({
      updateOne: { filter: { _id: m.id }, update: { $set: m.fields as OutboxDoc } },
    }));
    await writeIdempotent(this.cardDocs, [...cardWrites(cards, cardMarks), ...entryMarks]);
  }

  /** Deletes settled entries (and their leases) created before `before`; pending ones stay. */
  async purge(before: Date): Promise<number> {
    return purgeSettled(this.entries as never, this.leases as never, 'entryId', before);
  }

  async cardsOf(leadId: string): Promise<CardRef[]> {
    return cardsIn((await this.cardDocs.findOne({ _id: cardsDocId(leadId) })) as CardsDoc | null);
  }
}
