import type { Collection, Document } from 'mongodb';
import { deepCopy } from './docs.js';
import { lostToDuplicates } from './insert-once.js';
import { isDuplicateKey } from './mongo-errors.js';

export type SequenceDoc = { _id: string; pool: string; seq: number; key: string } & Document;

/** A head hint: `seq` (a pool's own document) or one field per pool kind (a team's group, see headDoc). */
type HeadDoc = { _id: string } & Record<string, unknown>;

/**
 * An insert-once sequence per pool: slot `<pool>:<seq>` can be taken by exactly one writer, and
 * each key takes at most one slot (a unique index on `key` decides). Every ordinary lookup is by
 * `_id`, the only one FerretDB pushes down to SQLite: the head collection remembers roughly where
 * the end is and the end is found by probing `_id`s forward. Which slot a key took is not written
 * down: only a re-run of a key (a crash, a twin request) asks, and its insert is refused by the
 * key index; then the slots are queried by `key` (a scan on FerretDB), once.
 */
export class SequenceLedger<D extends SequenceDoc> {
  /** Slots seen here (a taken slot never changes), by `_id`. */
  private readonly seen = new Map<string, D>();
  /** Per pool: the last slot seen here (the end is at or past it) and the head as last read or written. */
  private readonly ends = new Map<string, { seq: number; head: number }>();

  /** Head documents read here (all the pools of one team in one), and when. */
  private readonly groups = new Map<string, { heads: Record<string, unknown>; at: number }>();

  constructor(
    private readonly slots: Collection<D>,
    private readonly heads: Collection<HeadDoc>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The pool's last taken slot, or null. With `seen`, the last slot this process saw when it has
   * seen the pool (no read: possibly behind, and then an insert after it says 'seq_taken').
   */
  async latest(pool: string, opts: { seen?: boolean } = {}): Promise<D | null> {
    const end = this.ends.get(pool);
    if (opts.seen && end) {
      if (end.seq === 0) return null;
      const last = await this.slot(`${pool}:${end.seq}`);
      if (last) return last;
    }
    // Slots are taken in order and never removed: from the last one seen here, probe forward.
    let head = end ? end.head : await this.headOf(pool);
    let seq = end ? end.seq : head;
    let last: D | null = null;
    if (!end && head === 0) {
      last = await this.slot(`${pool}:1`, { fresh: true });
      if (!last) {
        this.ends.set(pool, { seq: 0, head: 0 });
        return null;
      }
      // Taken slots and no head in the group: the pool's head may still be a document of its own
      // (written before heads were grouped); the next head written goes to the group.
      const own = headDoc(pool).id === pool ? 0 : (await this.heads.findOne({ _id: pool }))?.seq;
      seq = Math.max(1, typeof own === 'number' ? own : 0);
      head = 0;
    }
    if (seq > 1 || (seq === 1 && !last)) {
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
  async insert(doc: D): Promise<Taken<D>> {
    try {
      await this.slots.insertOne(doc as never);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return this.refused(doc);
    }
    this.remember(doc);
    await this.advanceHeads([doc]);
    return 'inserted';
  }

  /**
   * Takes slot `first.seq` and then, in the same ordered command, `second.seq` (a slot of another
   * pool): the command stops at its first duplicate, so `second` goes in only if `first` did.
   * `second` is null when it did not go in and nothing more is known (`first` was refused, or the
   * database did not say which one collided): its caller takes it alone, the ordinary way.
   */
  async insertPair<E extends SequenceDoc>(
    first: D,
    second: E,
  ): Promise<{ first: Taken<D>; second: Taken<E> | null }> {
    let stop = 2;
    try {
      await this.slots.insertMany([first, second] as never[], { ordered: true });
    } catch (err) {
      const lost = lostToDuplicates(err, 2);
      if (!lost) throw err;
      stop = Math.min(...lost);
    }
    // Refused at the first (or not said where): whether it is ours anyway is read back.
    if (stop === 0) return { first: await this.refused(first), second: null };
    this.remember(first);
    if (stop === 1) {
      await this.advanceHeads([first]);
      return { first: 'inserted', second: await this.refused(second) };
    }
    this.remember(second as SequenceDoc as D);
    await this.advanceHeads([first, second]);
    return { first: 'inserted', second: 'inserted' };
  }

  /** Why `doc`'s insert was refused: its slot is someone else's ('seq_taken') or its key took one already. */
  private async refused<E extends SequenceDoc>(doc: E): Promise<Taken<E>> {
    // FerretDB does not say which unique index refused the insert: find out by _id reads.
    const there = (await this.slot(doc._id)) as E | null;
    if (there?.key === doc.key) return { existing: there }; // a twin or a re-run got here first
    if (there) return 'seq_taken'; // if the key took a slot too, the end of the pool tells
    // Nobody holds this slot, so the key index refused: the key took a slot before.
    const prior = (await this.byKey(doc.key)) as E | null;
    return prior ? { existing: prior } : 'seq_taken';
  }

  /** The pool's head as its group's document says (one read for all the pools of a team, shared a few seconds). */
  private async headOf(pool: string): Promise<number> {
    const { id, name } = headDoc(pool);
    let group = this.groups.get(id);
    if (!group || this.now() - group.at > GROUP_MS) {
      if (this.groups.size >= SEEN_MAX) this.groups.clear();
      group = { heads: (await this.heads.findOne({ _id: id })) ?? {}, at: this.now() };
      this.groups.set(id, group);
    }
    const seq = group.heads[name];
    return typeof seq === 'number' ? seq : 0;
  }

  /** Slot `seq` of the pool, or null. */
  at(pool: string, seq: number): Promise<D | null> {
    return this.slot(`${pool}:${seq}`);
  }

  /** The slot `key` took, or null (a query by `key`: a scan on FerretDB, for re-runs and repairs). */
  async byKey(key: string): Promise<D | null> {
    const found = (await this.slots.findOne({ key } as never)) as D | null;
    if (found) this.remember(found);
    return found;
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

  /**
   * Moves the heads (hints for a process that has not seen a pool yet) every HEAD_EVERY slots:
   * such a process probes forward from them, a few reads once; this one probes from what it saw.
   * Slots taken together whose heads share a document (a lead's number and its turn) move together
   * when one of them is due, in one write, so they keep falling due together.
   */
  private async advanceHeads(docs: readonly SequenceDoc[]): Promise<void> {
    const due = (d: SequenceDoc) => {
      const end = this.ends.get(d.pool);
      return !end || d.seq - end.head >= HEAD_EVERY;
    };
    if (!docs.some(due)) return;
    const groups = new Map<string, Record<string, number>>();
    for (const d of docs) {
      const { id, name } = headDoc(d.pool);
      groups.set(id, { ...groups.get(id), [name]: d.seq });
    }
    for (const [id, fields] of groups) {
      try {
        // A hint only: a lost race leaves it behind (or moves it back), and `latest` probes forward.
        await this.heads.updateOne({ _id: id }, { $set: fields }, { upsert: true });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    for (const d of docs) {
      const end = this.ends.get(d.pool);
      if (end) end.head = d.seq;
    }
  }
}

/** What an insert of a slot did: took it, found it someone else's, or found the slot its key took before. */
export type Taken<D> = 'inserted' | 'seq_taken' | { existing: D };

/**
 * Where a pool's head is kept: pools named `<kind>:<team>` (lead numbers, rotations) share their
 * team's document, `_id` = `*:<team>`, one field per kind, so a process's first lead of a team
 * reads the heads of its number and its rotation at once; other pools a document of their own.
 * `name`: the head's field in that document.
 */
function headDoc(pool: string): { id: string; name: string } {
  const i = pool.indexOf(':');
  const kind = pool.slice(0, i);
  if (i <= 0 || !/^[a-z]+$/.test(kind)) return { id: pool, name: 'seq' };
  return { id: `*:${pool.slice(i + 1)}`, name: kind };
}

/** How long the heads of a group read here are used for its other pools (hints: probing corrects them). */
const GROUP_MS = 5_000;
/** How far the head may trail the end of a pool. */
const HEAD_EVERY = 8;
/** How many slots one process remembers (then it starts over). */
const SEEN_MAX = 20_000;
