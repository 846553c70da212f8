import { createHash } from 'node:crypto';

/**
 * The idempotency keys of an aggregate's latest changes, kept in its own state (stored document
 * and every event's `state`) so "was this request applied already?" is one `_id` read of the
 * aggregate instead of a query on the events' `key` (a scan of every event on FerretDB).
 * Each mark is the key's hash and the version its event created.
 */
export type KeyMark = { k: string; v: number };

/**
 * How many marks an aggregate keeps. A request is retried or recovered within minutes, while
 * at most a handful of other changes happen to the same lead or account; a key pushed out by
 * more changes than this is decided again on the current state (every decision re-checks state).
 */
export const RECENT_KEYS = 16;

/** The stored field (never part of the domain object). */
export const KEYS_FIELD = '_keys';

const marks = Symbol('recentKeys');

/** A short, fixed-length form of a key (keys may contain `.`, which FerretDB refuses in field names, and run long). */
export function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 16);
}

/** The marks remembered on a value read from the store (none on a value built elsewhere). */
export function keysOf(value: object): KeyMark[] {
  return (value as { [marks]?: KeyMark[] })[marks] ?? [];
}

/**
 * Attaches marks to a domain value as a non-enumerable property: spreads, JSON and equality
 * checks do not see it, and `{ ...current, ... }` in a decision does not carry it along.
 */
export function withKeys<T extends object>(value: T, keys: KeyMark[]): T {
  Object.defineProperty(value, marks, { value: keys, enumerable: false, configurable: true });
  return value;
}

/** Marks after a change at `version` made under `key` (the oldest fall off). */
export function nextKeys(prior: KeyMark[], key: string | undefined, version: number): KeyMark[] {
  if (!key) return prior.slice(-RECENT_KEYS);
  return [...prior.filter((m) => m.v !== version), { k: keyHash(key), v: version }].slice(-RECENT_KEYS);
}

/** Splits a stored document into the domain document and its marks. */
export function splitKeys(doc: Record<string, unknown>): { doc: Record<string, unknown>; keys: KeyMark[] } {
  const { [KEYS_FIELD]: raw, ...rest } = doc;
  const keys = Array.isArray(raw)
    ? raw.filter(
        (m): m is KeyMark =>
          typeof m === 'object' &&
          m !== null &&
          typeof (m as KeyMark).k === 'string' &&
          typeof (m as KeyMark).v === 'number',
      )
    : [];
  return { doc: rest, keys };
}
