import type { Collection, Document } from 'mongodb';
import { isDuplicateKey } from './mongo-errors.js';

export type SequenceDoc = { _id: string; pool: string; seq: number; key: string } & Document;

/**
 * An insert-once sequence per pool: slot `<pool>:<seq>` can be taken by exactly one writer, and
 * each key takes at most one slot. The head collection only remembers roughly where the end is;
 * the end is found by probing `_id`s forward (the only lookup FerretDB pushes down to SQLite).
 */
export class SequenceLedger<D extends SequenceDoc> {
  constructor(
    private readonly slots: Collection<D>,
    private readonly heads: Collection<{ _id: string; seq: number }>,
  ) {}

  /** The pool's last taken slot, or null. */
  async latest(pool: string): Promise<D | null> {
    const head = await this.heads.findOne({ _id: pool });
    let seq = head?.seq ?? 0;
    let last: D | null = null;
    if (seq > 0) {
      last = (await this.slots.findOne({ _id: `${pool}:${seq}` } as never)) as D | null;
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
      const next = (await this.slots.findOne({ _id: `${pool}:${seq + 1}` } as never)) as D | null;
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
      const existing = await this.byKey(doc.key);
      return existing ? { existing } : 'seq_taken';
    }
    await this.advanceHead(doc.pool, doc.seq);
    return 'inserted';
  }

  async byKey(key: string): Promise<D | null> {
    return (await this.slots.findOne({ key } as never)) as D | null;
  }

  private async advanceHead(pool: string, seq: number): Promise<void> {
    try {
      await this.heads.updateOne({ _id: pool, seq: { $lt: seq } }, { $set: { seq } }, { upsert: true });
    } catch (err) {
      // The head is already at or past seq (the upsert collided with it): nothing to do.
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
