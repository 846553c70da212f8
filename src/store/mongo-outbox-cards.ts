import { createHash } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { isDuplicateKey } from './mongo-errors.js';
import type { CardRef, Settle } from '../chat/outbox/outbox-port.js';

// A lead's sent cards live in one document of the `outbox` collection, `_id: cards|<leadId>`, so
// `lead.changed` reads them by `_id` (the only filter FerretDB pushes down) and a send records its
// card in the same `update` command as its entry's sent mark. The document has no `status` and no
// `createdAt`: the sweeps (`status: 'pending'`) never see it and the purge (settled entries created
// before a date) never deletes it, so a lead's cards stay editable while the lead lives.
//
// Its writes are idempotent `$set`s of the card's own fields, and none decides a race (the entry
// and its lease do). FerretDB applies an update by reading the document and writing it back
// whole, so two writes of one lead's document overlapping in time could drop one's fields: one
// process never overlaps its own (see settle-batch.ts); two processes writing the same lead's
// cards within the same moment remain the narrow case (MongoDB applies each `$set` atomically).

/** The `_id` of a lead's card document (entry ids are `<notice key>|<target>`, never `cards|…`). */
export const cardsDocId = (leadId: string) => `cards|${leadId}`;

/** A card's field in its lead's document: from its entry id, with no `.` and no leading `$`. */
export const cardSlot = (entryId: string) =>
  `c${createHash('sha256').update(entryId).digest('base64url').slice(0, 22)}`;

/** Any document of the `outbox` collection (entries and card documents), as writes see it. */
export type OutboxDoc = { _id: string; [field: string]: unknown };
type Op = AnyBulkWriteOperation<OutboxDoc>;

type Slot = Omit<CardRef, '_id' | 'leadId'> & { id: string };

/** The card document's shape (`cards` by slot; a slot without `ref` is not a card). */
export type CardsDoc = { _id: string; kind: 'cards'; leadId: string; cards: Record<string, Partial<Slot>> };

/** The cards recorded in a lead's document, in the order they were sent. */
export function cardsIn(doc: CardsDoc | null): CardRef[] {
  if (!doc) return [];
  const cards = Object.values(doc.cards ?? {}).flatMap((slot) => {
    if (!slot.id || !slot.ref) return [];
    const { id, ...rest } = slot as Slot;
    return [{ _id: id, leadId: doc.leadId, ...rest }];
  });
  const at = (c: CardRef) => new Date(c.at).getTime();
  return cards.sort((a, b) => at(a) - at(b) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

/**
 * The statements that record cards (one upsert per lead, every card of that lead in it) and
 * their marks (one update per lead), in that order: a card is recorded before what follows it in
 * the same ordered command (its entry's sent mark).
 */
export function cardWrites(cards: CardRef[], marks: Settle['cardMarks']): Op[] {
  const adds = new Map<string, Record<string, unknown>>();
  for (const { _id, leadId, ...rest } of cards) {
    const set = adds.get(leadId) ?? { kind: 'cards', leadId };
    set[`cards.${cardSlot(_id)}`] = { id: _id, ...rest };
    adds.set(leadId, set);
  }
  const sets = new Map<string, Record<string, unknown>>();
  for (const { id, leadId, fields } of marks) {
    const set = sets.get(leadId) ?? {};
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) set[`cards.${cardSlot(id)}.${k}`] = v;
    sets.set(leadId, set);
  }
  return [
    ...[...adds].map(([leadId, $set]) => ({
      updateOne: { filter: { _id: cardsDocId(leadId) }, update: { $set }, upsert: true },
    })),
    ...[...sets]
      .filter(([, $set]) => Object.keys($set).length)
      .map(([leadId, $set]) => ({ updateOne: { filter: { _id: cardsDocId(leadId) }, update: { $set } } })),
  ];
}

/**
 * Runs an ordered bulk of idempotent `$set`s; two upserts of one new card document racing end in
 * a duplicate key for one of them, which then simply runs again (the document exists now).
 */
export async function writeIdempotent(col: Collection<OutboxDoc>, ops: Op[]): Promise<void> {
  if (!ops.length) return;
  for (let tries = 1; ; tries++) {
    try {
      await col.bulkWrite(ops, { ordered: true });
      return;
    } catch (err) {
      const dup =
        isDuplicateKey(err) || (err as { writeErrors?: unknown[] }).writeErrors?.every(isDuplicateKey);
      if (!dup || tries >= 3) throw err;
    }
  }
}

/**
 * One-time move of the cards that an older version recorded in `outbox_cards` (one document per
 * card) into their leads' card documents, then out of the old collection. Run at every start: it
 * is a read of an empty collection once done, and a repeat (two processes starting together, a
 * crash midway) writes the same fields again.
 */
export async function migrateOldCards(
  old: Collection<CardRef>,
  outbox: Collection<OutboxDoc>,
): Promise<number> {
  const cards = await old.find({}).toArray();
  if (!cards.length) return 0;
  await writeIdempotent(outbox, cardWrites(cards, []));
  await old.deleteMany({ _id: { $in: cards.map((c) => c._id) } });
  return cards.length;
}
