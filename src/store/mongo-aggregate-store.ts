import type { Collection, Document } from 'mongodb';
import { BatonError } from '../core/errors.js';
import type { AggregateStore, DomainEvent, EventDraft } from '../core/ports.js';
import { compact, fromDoc, toDoc } from './docs.js';
import { isDuplicateKey } from './mongo-errors.js';

type Versioned = { id: string; teamId: string; version: number };
type EventDoc = Omit<DomainEvent, 'id'> & { _id: string; state: Document };

/**
 * Aggregates (leads, accounts) whose every change is an event inserted once under
 * `<id>:<version>`. The event carries the full new state, so the aggregate document is a cache
 * that any reader rolls forward if a writer died between the event and the document update.
 */
export class MongoAggregateStore<T extends Versioned> implements AggregateStore<T> {
  constructor(
    protected readonly docs: Collection<Document>,
    protected readonly eventsCol: Collection<Document>,
    private readonly aggregate: DomainEvent['aggregate'],
  ) {}

  async insert(doc: T, draft: EventDraft): Promise<boolean> {
    const value = { ...doc, version: 0 };
    let fresh = true;
    try {
      await this.eventsCol.insertOne(this.eventDoc(value, draft) as Document);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      fresh = false;
    }
    try {
      await this.docs.insertOne(compact(toDoc(value)) as Document);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return fresh;
  }

  async get(id: string): Promise<T | null> {
    const doc = await this.docs.findOne({ _id: id } as Document);
    if (!doc) return null;
    return this.rollForward(fromDoc<T>(doc));
  }

  async commit(current: T, next: T, draft: EventDraft): Promise<T> {
    const value = { ...next, version: current.version + 1 };
    try {
      await this.eventsCol.insertOne(this.eventDoc(value, draft) as Document);
    } catch (err) {
      if (isDuplicateKey(err)) {
        throw new BatonError('CONFLICT', `${this.aggregate} ${current.id} changed concurrently`, {
          id: current.id,
        });
      }
      throw err;
    }
    await this.writeDoc(value);
    return value;
  }

  async eventByKey(key: string): Promise<DomainEvent | null> {
    const doc = await this.eventsCol.findOne({ key });
    return doc ? toEvent(doc as unknown as EventDoc) : null;
  }

  async events(id: string): Promise<DomainEvent[]> {
    const docs = await this.eventsCol.find({ aggregateId: id }).sort({ version: 1 }).toArray();
    return docs.map((d) => toEvent(d as unknown as EventDoc));
  }

  /** Applies events newer than the cached document (a writer crashed mid-commit). */
  protected async rollForward(value: T): Promise<T> {
    let current = value;
    for (;;) {
      const ev = await this.eventsCol.findOne({ _id: `${current.id}:${current.version + 1}` } as Document);
      if (!ev) break;
      current = fromDoc<T>((ev as unknown as EventDoc).state);
    }
    if (current !== value) await this.writeDoc(current);
    return current;
  }

  private async writeDoc(value: T): Promise<void> {
    // Never move the cache backwards: a slow writer of version n must not overwrite n+1.
    await this.docs.replaceOne(
      { _id: value.id, version: { $lt: value.version } } as Document,
      compact(toDoc(value)),
    );
  }

  private eventDoc(value: T, draft: EventDraft): EventDoc {
    return compact({
      _id: `${value.id}:${value.version}`,
      aggregate: this.aggregate,
      aggregateId: value.id,
      teamId: value.teamId,
      version: value.version,
      ...draft,
      state: toDoc(value),
    });
  }
}

function toEvent(doc: EventDoc): DomainEvent {
  const { _id, state: _state, ...rest } = doc;
  return { id: _id, ...rest };
}
