import { types } from 'node:util';

/** Maps between domain objects (`id`) and stored documents (`_id`). */
export function toDoc<T extends { id: string }>(value: T): Omit<T, 'id'> & { _id: string } {
  const { id, ...rest } = value;
  return { _id: id, ...rest };
}

export function fromDoc<T>(doc: unknown): T {
  const { _id, __v: _v, ...rest } = doc as Record<string, unknown> & { _id: unknown; __v?: unknown };
  return { id: String(_id), ...rest } as T;
}

/** Removes keys whose value is undefined, deeply (keeps Dates and arrays as they are). */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => compact(v)) as T;
  // A Date of another realm (one the driver made under a test runner's sandbox) is still a Date.
  if (value === null || typeof value !== 'object' || types.isDate(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined) out[k] = compact(v);
  }
  return out as T;
}

/**
 * A deep copy of stored data (plain objects, arrays, dates, byte arrays), for the copies a store
 * keeps and hands out. Not `structuredClone`: it builds its copies in the host's realm, so a date
 * copied inside a VM context (Jest's) is no longer a `Date` there, and luxon reads it as an
 * invalid time. The copies here are made in the realm this module runs in.
 */
export function deepCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (types.isDate(value)) return new Date(Date.prototype.getTime.call(value)) as T;
  if (ArrayBuffer.isView(value)) return (value as unknown as Uint8Array).slice() as T;
  if (Array.isArray(value)) return value.map((v: unknown) => deepCopy(v)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = deepCopy(v);
  return out as T;
}
