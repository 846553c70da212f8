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
