import type { Collection, Document } from 'mongodb';
import { BatonError } from '../core/errors.js';
import type { AggregateStore, DomainEvent, EventDraft } from '../core/ports.js';
import { compact, deepCopy, fromDoc, toDoc } from './docs.js';
import { insertedOnce, lostToDuplicates } from './insert-once.js';
import { KEYS_FIELD, keyHash, keysOf, nextKeys, splitKeys, withKeys, type KeyMark } from './recent-keys.js';

type Versioned = { id: string; teamId: string; version: number };

/**
 * A change's projections as records inserted in its event's own command, after it and ordered
 * (none goes in unless the event did), and `done`, called in every case with the ids that went in
 * (null: the event did not, or the database did not say which did). `probe`: an event `_id` that
 * `done` may look up in the events collection within a command of its own; it says whether that
 * event exists (null: it did not look).
 */
export type Folded = {
  records: Document[];
  done(inserted: Set<string> | null, probe?: string): Promise<boolean | null>;
};
type EventDoc = Omit<DomainEvent, 'id'> & { _id: string; state: Document };

/**
 * Aggregates (leads, accounts) whose every change is an event inserted once under
 * `<id>:<version>`. The event carries the full new state, so the aggregate document is a cache
 * that any reader rolls forward if a writer died between the event and the document update.
 *
 * Every read and write here is addressed by `_id` (the one lookup FerretDB pushes down to SQLite):
 * the state also carries the hashes of its latest idempotency keys (recent-keys.ts), so
 * `eventByKey` is a read of the aggregate, not a query on the events' `key`.
 */
export class MongoAggregateStore<T extends Versioned> implements AggregateStore<T> {
  /** The newest state this process wrote or read of recent aggregates (stored form), by id. */
  private readonly known = new KnownStates();

  constructor(
    protected readonly docs: Collection<Document>,
    protected readonly eventsCol: Collection<Document>,
    private readonly aggregate: DomainEvent['aggregate'],
  ) {}

  async insert(doc: T, draft: EventDraft, then?: { next: T; event: EventDraft }): Promise<boolean> {
    const value = { ...doc, version: 0 };
    const keys = nextKeys([], draft.key, 0);
    const first = then && { value: { ...then.next, version: 1 }, keys: nextKeys(keys, then.event.key, 1) };
    const events = [this.eventDoc(value, keys, draft)];
    if (first && then) events.push(this.eventDoc(first.value, first.keys, then.event));
    // The creation's own records (a lead's key entries) go first in the same ordered insert, so
    // none of its events goes in unless they all did; one that another writer took first makes
    // the subclass insert the rest on its own, and the events go in without them.
    let before = await this.creationRecords(value);
    let folded = this.fold(null, (first ?? { value }).value);
    let r = await this.insertEvents(events, folded, before);
    await r.finish();
    while (r.before < before.length) {
      await this.creationRecordsDone(value, before, r.before);
      before = [];
      folded = this.fold(null, (first ?? { value }).value);
      r = await this.insertEvents(events, folded, before);
      await r.finish();
    }
    if (before.length) await this.creationRecordsDone(value, before, before.length);
    const stored = r.events;
    if (stored === 0) {
      // The id exists: a twin stored it, or an earlier attempt that died before its document.
      await this.repairCreation(value, keys, Boolean(then));
      return false;
    }
    // The creation and its first change are projected and written as one change (the state
    // after both): a repair (above) does the same when it finds the first change stored.
    const last = first && stored > 1 ? first : { value, keys };
    const state = withKeys(last.value, last.keys);
    if (!folded || stored < events.length) await this.project(null, state);
    // A creation's projections are written before its document and need no probe for a newer
    // event: nobody changes an aggregate without having read its document (or remembering it from
    // a read), so no writer of the next version came before them. Unless a twin of this creation
    // (a platform retry in another process, repairing) wrote the document first: then settling.
    await this.beforeWrite(state, 'created');
    if (!(await insertedOnce(this.docs, this.stored(last.value, last.keys)))) await this.settle(state);
    this.known.set(value.id, this.stored(last.value, last.keys));
    return stored === events.length;
  }

  /**
   * Makes sure a created aggregate has its creation's projections and document: of the state
   * after its first change when that was stored with the creation (`withFirst`), else of the
   * creation. Both are keyed by their event, so a twin that did it already makes this a no-op.
   */
  private async repairCreation(value: T, keys: KeyMark[], withFirst: boolean): Promise<void> {
    const first = withFirst ? await this.eventsCol.findOne({ _id: `${value.id}:1` } as Document) : null;
    const state = first ? this.hydrate((first as unknown as EventDoc).state) : withKeys(value, keys);
    await this.project(null, state);
    await this.beforeWrite(state, null);
    if (await insertedOnce(this.docs, this.stored(state, keysOf(state)))) return;
    // The document was there: a twin finished, or the aggregate changed since, and what was just
    // written beside it may be older than it. Written again from the newest state.
    const doc = await this.docs.findOne({ _id: value.id } as Document);
    if (!doc) return;
    const cached = this.hydrate(doc);
    const newest = await this.rollForward(cached);
    if (newest !== cached) return; // rolled forward: written again, settled
    await this.beforeWrite(cached, null);
    await this.settle(cached);
  }

  /**
   * A state this process knows is the newest while no event follows it: one `_id` probe of the
   * events (the truth) instead of reading the document and probing. When one follows (another
   * process changed it), the ordinary read.
   */
  async get(id: string): Promise<T | null> {
    const known = this.known.get(id);
    if (known) {
      const version = Number(known.version);
      if (!(await this.eventsCol.findOne({ _id: `${id}:${version + 1}` } as Document)))
        return this.hydrate(deepCopy(known));
      this.known.delete(id);
    }
    const doc = await this.docs.findOne({ _id: id } as Document);
    if (!doc) return null;
    const value = await this.rollForward(this.hydrate(doc));
    this.known.set(id, this.stored(value, keysOf(value)));
    return value;
  }

  remembered(id: string): T | null {
    const known = this.known.get(id);
    return known ? this.hydrate(deepCopy(known)) : null;
  }

  async commit(current: T, next: T, draft: EventDraft): Promise<T> {
    const value = { ...next, version: current.version + 1 };
    const keys = nextKeys(keysOf(current), draft.key, value.version);
    // Remembered again only once the document and projections are written (a failure in between
    // leaves the repair to the next ordinary read, which rolls the event forward).
    const known = this.known.get(current.id);
    const settled = known && Number(known.version) === current.version ? current : null;
    this.known.delete(current.id);
    const folded = this.fold(current, value);
    const { events: stored, finish } = await this.insertEvents([this.eventDoc(value, keys, draft)], folded);
    if (!stored) {
      await finish();
      throw new BatonError('CONFLICT', `${this.aggregate} ${current.id} changed concurrently`, {
        id: current.id,
      });
    }
    // The folded projections are finished after the document is written, so their command can
    // carry settle's probe for a newer event (see `settle`): one command for both.
    let newer: boolean | null;
    try {
      if (!folded) await this.project(current, value);
      await this.beforeWrite(withKeys(value, keys), settled);
      await this.docs.replaceOne({ _id: value.id } as Document, this.stored(value, keys));
    } finally {
      newer = await finish(`${value.id}:${value.version + 1}`);
    }
    if (newer !== false) await this.settle(withKeys(value, keys));
    this.known.set(value.id, this.stored(value, keys));
    return withKeys(value, keys);
  }

  async eventByKey(id: string, key: string, current?: T): Promise<DomainEvent | null> {
    const state = current ?? (await this.get(id));
    if (!state) return null;
    const hash = keyHash(key);
    const mark = keysOf(state).find((m) => m.k === hash);
    if (!mark) return null;
    const doc = await this.eventsCol.findOne({ _id: `${id}:${mark.v}` } as Document);
    return doc ? toEvent(doc as unknown as EventDoc) : null;
  }

  async events(id: string): Promise<DomainEvent[]> {
    const docs = await this.eventsCol.find({ aggregateId: id }).sort({ version: 1 }).toArray();
    return docs.map((d) => toEvent(d as unknown as EventDoc));
  }

  async eventVersions(teamId: string): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const cursor = this.eventsCol.find(
      { teamId, aggregate: this.aggregate },
      { projection: { aggregateId: 1, version: 1 } },
    );
    for await (const e of cursor) {
      const id = String(e.aggregateId);
      out.set(id, Math.max(out.get(id) ?? -1, Number(e.version)));
    }
    return out;
  }

  async stateAt(id: string, version: number): Promise<T | null> {
    const ev = await this.eventsCol.findOne({ _id: `${id}:${version}` } as Document);
    return ev ? this.hydrate((ev as unknown as EventDoc).state) : null;
  }

  /**
   * `project(before, after)` folded into the event's insert (see Folded), or null: `project` after
   * it. Only the writer folds; whoever rolls an event forward projects.
   */
  protected fold(_before: T | null, _after: T): Folded | null {
    return null;
  }

  /** Records a creation inserts before its events, in their one ordered command (see insert). */
  protected creationRecords(_value: T): Promise<Document[]> {
    return Promise.resolve([]);
  }

  /** After the creation's command put in the first `wentIn` of `records` (fewer: it inserts the rest). */
  protected async creationRecordsDone(_value: T, _records: Document[], _wentIn: number): Promise<void> {}

  /**
   * Called after the event that made `after` out of `before` (null for a creation) was inserted
   * and before the cached document is written, by the writer and by whoever rolls a crashed
   * writer's event forward: projections keyed by the event (`<id>:<version>`) stay exactly once.
   */
  protected async project(_before: T | null, _after: T): Promise<void> {}

  /**
   * Called with each state the cached document is given (projections kept beside it by
   * subclasses), just before that document is written: so a document at version v says that what
   * is kept beside it was brought to v. A stale call may land after a newer one; its writer then
   * sees the newer event and calls it again with the newer state (see `settle`), so a subclass
   * writes `value` as it is. `before`: the state the change was made on when this process knows
   * its own write of it finished (its document, hence this, written: a subclass may skip what
   * the change leaves as it was), 'created' for a new aggregate, null when unknown (write).
   */
  protected async beforeWrite(_value: T, _before: T | 'created' | null): Promise<void> {}

  /** A stored document (or event state) as a domain value, its key marks attached. */
  protected hydrate(doc: Document): T {
    const { doc: plain, keys } = splitKeys(doc);
    return withKeys(fromDoc<T>(plain), keys);
  }

  /** Applies events newer than the cached document (a writer crashed mid-commit). */
  protected async rollForward(value: T): Promise<T> {
    let current = value;
    for (;;) {
      const ev = await this.eventsCol.findOne({ _id: `${current.id}:${current.version + 1}` } as Document);
      if (!ev) break;
      const next = this.hydrate((ev as unknown as EventDoc).state);
      await this.project(current, next);
      current = next;
    }
    if (current !== value) await this.writeDoc(current, keysOf(current), null);
    return current;
  }

  /**
   * Inserts `before` (a creation's own records), `events` and after them the folded projections'
   * records, in one ordered command; how many of `before` and of the events went in (the first
   * duplicate stops the rest; 0 when the database does not say which collided: a caller's retry
   * finds its own event by its key, and the first read rolls it forward). The folded records are
   * finished either way, by `finish` (the caller's, once; it may carry a probe, see Folded): a
   * record that went in unseen is found by whoever decides its document again, its cause counted
   * once.
   */
  private async insertEvents(
    events: Document[],
    folded: Folded | null,
    before: Document[] = [],
  ): Promise<{ before: number; events: number; finish: (probe?: string) => Promise<boolean | null> }> {
    const docs = [...before, ...events, ...(folded?.records ?? [])];
    const first = before.length;
    let stop = docs.length;
    try {
      if (docs.length === 1) await this.eventsCol.insertOne(docs[0]!);
      else await this.eventsCol.insertMany(docs, { ordered: true });
    } catch (err) {
      const lost = lostToDuplicates(err, docs.length);
      if (!lost) {
        await folded?.done(null);
        throw err;
      }
      stop = Math.min(...lost);
    }
    const inserted =
      stop >= first + events.length ? new Set(docs.slice(first, stop).map((d) => String(d._id))) : null;
    let finished = false;
    const finish = async (probe?: string): Promise<boolean | null> => {
      if (finished || !folded) return null;
      finished = true;
      return folded.done(inserted, inserted ? probe : undefined);
    };
    return {
      before: Math.min(stop, first),
      events: Math.max(0, Math.min(stop - first, events.length)),
      finish,
    };
  }

  private async writeDoc(value: T, keys: KeyMark[], before: T | null): Promise<void> {
    await this.beforeWrite(withKeys(value, keys), before);
    await this.docs.replaceOne({ _id: value.id } as Document, this.stored(value, keys));
    await this.settle(withKeys(value, keys));
  }

  /**
   * After the cached document of `value` was written (what is kept beside it first, see
   * `beforeWrite`): one `_id` probe for a newer event. A slower writer of version n may have replaced the cache after the writer of n+1
   * (the write is a replace by `_id`: a filter with a second field is a full scan on FerretDB, and
   * not atomic there anyway). Every writer's last command is that probe, and the events are
   * contiguous, so the writer whose write landed last either finds none (it wrote the newest) or
   * finds the next one and writes that state too, projected first (its own writer may have died
   * before). After the last change settles, the cache and its projections match it; a writer
   * that dies in between leaves them behind until the next read rolls the events forward. A
   * commit's first probe rides in its folded projections' command when it can (`commit`).
   */
  private async settle(value: T): Promise<void> {
    let current = value;
    for (let hop = 0; hop < 50; hop++) {
      const ev = await this.eventsCol.findOne({ _id: `${current.id}:${current.version + 1}` } as Document);
      if (!ev) return;
      const next = this.hydrate((ev as unknown as EventDoc).state);
      await this.project(current, next);
      await this.beforeWrite(next, null);
      await this.docs.replaceOne({ _id: next.id } as Document, this.stored(next, keysOf(next)));
      current = next;
    }
  }

  private stored(value: T, keys: KeyMark[]): Document {
    return compact({ ...toDoc(value), [KEYS_FIELD]: keys });
  }

  private eventDoc(value: T, keys: KeyMark[], draft: EventDraft): EventDoc {
    return compact({
      _id: `${value.id}:${value.version}`,
      aggregate: this.aggregate,
      aggregateId: value.id,
      teamId: value.teamId,
      version: value.version,
      ...draft,
      state: { ...toDoc(value), [KEYS_FIELD]: keys },
    });
  }
}

/** A bounded map, least recently used out first. */
class KnownStates {
  private readonly map = new Map<string, Document>();
  constructor(private readonly max = 2_000) {}
  get(id: string): Document | undefined {
    const doc = this.map.get(id);
    if (doc) {
      this.map.delete(id);
      this.map.set(id, doc);
    }
    return doc;
  }
  set(id: string, doc: Document): void {
    this.map.delete(id);
    this.map.set(id, doc);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  delete(id: string): void {
    this.map.delete(id);
  }
}

function toEvent(doc: EventDoc): DomainEvent {
  const { _id, state: _state, ...rest } = doc;
  return { id: _id, ...rest };
}
