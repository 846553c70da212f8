import type { Collection, Document } from 'mongodb';
import { isDuplicateKey } from './mongo-errors.js';

export type SequenceDoc = { _id: string; pool: string; seq: number; key: string } & Document;

/** Which slot a key took: `_id` = the key. Written after the slot; a hint the slots confirm. */
type KeyDoc = { _id: string; slot: string };

/**
 * An insert-once sequence per pool: slot `<pool>:<seq>` can be taken by exactly one writer, and
 * each key takes at most one slot (a unique index on `key` decides). Every lookup is by `_id`,
 * the only one FerretDB pushes down to SQLite: the head collection remembers roughly where the
 * end is and the end is found by probing `_id`s forward; the key collection says which slot a key
 * took. Only after a writer died between taking a slot and writing its key document does a
 * lookup fall back to querying the slots by `key` (and repair the key document).
 */
export class SequenceLedger<D extends SequenceDoc> {
  constructor(
    private readonly slots: Collection<D>,
    private readonly heads: Collection<{ _id: string; seq: number }>,
    private readonly keys: Collection<KeyDoc>,
  ) {}

  /** The pool's last taken slot, or null. */
  async latest(pool: string): Promise<D | null> {
    const head = await this.heads.findOne({ _id: pool });
    let seq = head?.seq ?? 0;
    let last: D | null = null;
    if (seq > 0) {
      last = await this.slot(`${pool}:${seq}`);
      if (!last) {
        // The hint ran ahead of a slot that was never written (cannot happen with our write
        // order, but be safe): fall back to the highest stored slot.
        last = (await this.slots
          .find({ pool } as never)
          .sort({ seq: -1 })
          .limit(1)
          .next()) as D | null;
        seq = last?.seq ?? 0;
      }
    }
    for (;;) {
      const next = await this.slot(`${pool}:${seq + 1}`);
      if (!next) break;
      last = next;
      seq += 1;
    }
    return last;
  }

  /** Takes slot `doc.seq`; 'seq_taken' if someone else has it, or the slot this key already took. */
  async insert(doc: D): Promise<'inserted' | 'seq_taken' | { existing: D }> {
    try {
      await this.slots.insertOne(doc as never);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // FerretDB does not say which unique index refused the insert: find out by _id reads.
      const there = await this.slot(doc._id);
      if (there?.key === doc.key) return { existing: there }; // a twin or a re-run got here first
      const prior = await this.byKey(doc.key);
      if (prior) return { existing: prior };
      if (there) return 'seq_taken';
      // Nobody holds this slot, so the key index refused: a writer died before its key document.
      const orphan = await this.byKeyQuery(doc.key);
      return orphan ? { existing: orphan } : 'seq_taken';
    }
    await this.rememberKey(doc);
    await this.advanceHead(doc.pool, doc.seq);
    return 'inserted';
  }

  /** Slot `seq` of the pool, or null. */
  at(pool: string, seq: number): Promise<D | null> {
    return this.slot(`${pool}:${seq}`);
  }

  /** The slot `key` took, or null. */
  async byKey(key: string): Promise<D | null> {
    const k = await this.keys.findOne({ _id: key });
    if (!k) return null;
    const slot = await this.slot(k.slot);
    return slot?.key === key ? slot : null;
  }

  private slot(id: string): Promise<D | null> {
    return this.slots.findOne({ _id: id } as never) as Promise<D | null>;
  }

  /** The rare path: the slot found by its `key` field (a scan on FerretDB), key document repaired. */
  private async byKeyQuery(key: string): Promise<D | null> {
    const found = (await this.slots.findOne({ key } as never)) as D | null;
    if (found) await this.rememberKey(found);
    return found;
  }

  private async rememberKey(doc: D): Promise<void> {
    try {
      await this.keys.insertOne({ _id: doc.key, slot: doc._id });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  private async advanceHead(pool: string, seq: number): Promise<void> {
    const head = await this.heads.findOne({ _id: pool });
    if (head && head.seq >= seq) return;
    try {
      // A hint only: a lost race leaves it behind, and `latest` probes forward from wherever it is.
      if (head) await this.heads.replaceOne({ _id: pool }, { seq });
      else await this.heads.insertOne({ _id: pool, seq });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
