import type { Collection, Document } from 'mongodb';
import { deepCopy } from './docs.js';
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
  /** Slots seen here (a taken slot never changes), by `_id`. */
  private readonly seen = new Map<string, D>();
  /** Per pool: the last slot seen here (the end is at or past it) and the head as last read or written. */
  private readonly ends = new Map<string, { seq: number; head: number }>();

  constructor(
    private readonly slots: Collection<D>,
    private readonly heads: Collection<{ _id: string; seq: number }>,
    private readonly keys: Collection<KeyDoc>,
    /** Whether each key's slot is written down (lookups by key); without, only the rare repair path finds it. */
    private readonly keyDocs = true,
  ) {}

  /** The pool's last taken slot, or null. */
  async latest(pool: string): Promise<D | null> {
    // Slots are taken in order and never removed: from the last one seen here, probe forward.
    const end = this.ends.get(pool);
    const head = end ? end.head : ((await this.heads.findOne({ _id: pool }))?.seq ?? 0);
    let seq = end ? end.seq : head;
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
      const next = await this.slot(`${pool}:${seq + 1}`, { fresh: true });
      if (!next) break;
      last = next;
      seq += 1;
    }
    this.ends.set(pool, { seq, head });
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
      const prior = this.keyDocs ? await this.byKey(doc.key) : null;
      if (prior) return { existing: prior };
      if (there) return 'seq_taken';
      // Nobody holds this slot, so the key index refused: a writer died before its key document
      // (or keys are not written down here).
      const orphan = await this.byKeyQuery(doc.key);
      return orphan ? { existing: orphan } : 'seq_taken';
    }
    this.remember(doc);
    if (this.keyDocs) await this.rememberKey(doc);
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

  /** A slot by `_id` (from what was seen here unless `fresh`: a miss is always read). */
  private async slot(id: string, opts: { fresh?: boolean } = {}): Promise<D | null> {
    const known = opts.fresh ? undefined : this.seen.get(id);
    if (known) return deepCopy(known);
    const found = (await this.slots.findOne({ _id: id } as never)) as D | null;
    if (found) this.remember(found);
    return found;
  }

  private remember(doc: D): void {
    if (this.seen.size >= SEEN_MAX) this.seen.clear();
    this.seen.set(doc._id, deepCopy(doc));
    const end = this.ends.get(doc.pool);
    if (end && end.seq < doc.seq) end.seq = doc.seq;
  }

  /** The rare path: the slot found by its `key` field (a scan on FerretDB), key document repaired. */
  private async byKeyQuery(key: string): Promise<D | null> {
    const found = (await this.slots.findOne({ key } as never)) as D | null;
    if (found && this.keyDocs) await this.rememberKey(found);
    return found;
  }

  private async rememberKey(doc: D): Promise<void> {
    try {
      await this.keys.insertOne({ _id: doc.key, slot: doc._id });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /**
   * Moves the head (a hint for a process that has not seen the pool yet) every HEAD_EVERY slots:
   * such a process probes forward from it, a few reads once; this one probes from what it saw.
   */
  private async advanceHead(pool: string, seq: number): Promise<void> {
    const end = this.ends.get(pool);
    if (end && seq - end.head < HEAD_EVERY) return;
    try {
      // A hint only: a lost race leaves it behind (or moves it back), and `latest` probes forward.
      await this.heads.updateOne({ _id: pool }, { $set: { seq } }, { upsert: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    if (end) end.head = seq;
  }
}

/** How far the head may trail the end of a pool. */
const HEAD_EVERY = 8;
/** How many slots one process remembers (then it starts over). */
const SEEN_MAX = 20_000;
