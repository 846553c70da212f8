/** What the B1/B2 floors share: recording a request once in the database before acking it. */
import type { Collection } from 'mongodb';

/** B1/B2's goal: Baton's latency ÷ the floor's, at every concurrency. */
export const LATENCY_GOAL = { p50: 2, p99: 3 } as const;

/** The floors' one collection (created before the floor children start, as Baton creates its collections). */
export const FLOOR_COLLECTION = 'bench_floor_requests';

/**
 * Inserts `{_id: key}` — the unique `_id` decides between a first delivery and a retry, as Baton's
 * inbound journal does. Resolves true for the first delivery, false for a duplicate.
 */
export async function recordOnce(
  col: Collection<{ _id: string; text: string; at: Date }>,
  key: string,
  text: string,
): Promise<boolean> {
  try {
    await col.insertOne({ _id: key, text, at: new Date() });
    return true;
  } catch (err) {
    if ((err as { code?: unknown }).code === 11000) return false;
    throw err;
  }
}
