/** True for MongoDB/FerretDB duplicate-key errors (code 11000). */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** Which unique index a duplicate-key error hit, when the server says (keyPattern or message). */
export function duplicateKeyField(err: unknown): string | undefined {
  const e = err as { keyPattern?: Record<string, unknown>; message?: string };
  if (e.keyPattern) return Object.keys(e.keyPattern)[0];
  const m = /index: (\S+)/.exec(e.message ?? '');
  if (!m?.[1]) return undefined;
  return m[1].replace(/_1$/, '').replace(/_-?1_/g, ',');
}

/** True for a momentary refusal worth retrying (SQLite behind FerretDB: "database is locked"). */
export function isTransient(err: unknown): boolean {
  const msg = (err as { message?: unknown })?.message;
  return typeof msg === 'string' && /database is locked|SQLITE_BUSY/i.test(msg);
}

/** True when the error means the database cannot be reached right now. */
export function isUnavailable(err: unknown): boolean {
  const name = (err as { name?: string })?.name ?? '';
  return /MongoServerSelectionError|MongoNetworkError|MongoNotConnectedError|MongoTopologyClosedError|MongoNetworkTimeoutError|MongoPoolClearedError/.test(
    name,
  );
}
