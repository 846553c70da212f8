import type { Collection, Document, OptionalUnlessRequiredId } from 'mongodb';
import { isDuplicateKey } from './mongo-errors.js';

/**
 * The positions of an unordered batch (of `size` writes) that a failed write lost to duplicate
 * keys, or null when something else failed it. Where the database does not say which ones
 * collided, every position is taken as lost (the callers' fallback is always correct).
 */
export function lostToDuplicates(err: unknown, size: number): Set<number> | null {
  const writeErrors = (err as { writeErrors?: unknown[] }).writeErrors;
  const all = Array.isArray(writeErrors) ? writeErrors : [err];
  if (!all.every((e) => isDuplicateKey(e) || isDuplicateKey((e as { err?: unknown }).err))) return null;
  const lost = new Set<number>();
  for (const e of all) {
    const index = (e as { index?: unknown }).index;
    if (typeof index !== 'number' || index < 0 || index >= size)
      return new Set(Array.from({ length: size }, (_, i) => i));
    lost.add(index);
  }
  return lost;
}

/**
 * One unordered insert of documents keyed by natural `_id`s; returns the ids it inserted. Where
 * the database does not say which ones collided, none is taken as inserted here (the callers'
 * fallback is the ordinary path, which is always correct).
 */
export async function insertOnce<D extends { _id: string }>(
  col: Collection<D>,
  docs: D[],
): Promise<Set<string>> {
  const fresh = new Set(docs.map((d) => d._id));
  if (!docs.length) return fresh;
  try {
    await col.insertMany(docs as OptionalUnlessRequiredId<D>[], { ordered: false });
  } catch (err) {
    const lost = lostToDuplicates(err, docs.length);
    if (!lost) throw err;
    for (const i of lost) fresh.delete(docs[i]!._id);
  }
  return fresh;
}

/**
 * One insert keyed by a natural `_id`, the race decider of every insert-once record: true when
 * this insert made the document, false when it was there already.
 */
export async function insertedOnce<D extends Document>(
  col: Collection<D>,
  doc: OptionalUnlessRequiredId<D>,
): Promise<boolean> {
  try {
    await col.insertOne(doc);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
