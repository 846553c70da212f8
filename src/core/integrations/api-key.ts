import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A team's key to the lead intake API. Only the SHA-256 of the key is stored: the key itself is
 * shown once, when it is made. The key carries its id (`bk_<id>_<secret>`), so checking one is a
 * read by id and a constant-time comparison of hashes, and the audit trail can name the id.
 */
export type ApiKey = {
  /** `ak_<16 hex>`; the key's public part. */
  id: string;
  teamId: string;
  label?: string;
  /** SHA-256 (hex) of the whole key. */
  hash: string;
  /** The admin who made it (absent when the operator CLI did). */
  createdBy?: string;
  createdAt: Date;
  revokedAt?: Date;
  revokedBy?: string;
  /** When it last authorised a request (a hint for `/team api-key list`, not an audit record). */
  lastUsedAt?: Date;
};

const TOKEN = /^bk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A new key for the key id `ak_<hex>`: 256 random bits behind the id. */
export function mintApiKey(id: string): { token: string; hash: string } {
  const token = `bk_${id.replace(/^ak_/, '')}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiKey(token) };
}

export function hashApiKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The key id a presented key names, or null when it is not shaped like one of ours. */
export function apiKeyIdOf(token: string): string | null {
  const m = TOKEN.exec(token);
  return m ? `ak_${m[1]}` : null;
}

/** True when `token` hashes to the stored hash (compared in constant time). */
export function apiKeyMatches(key: Pick<ApiKey, 'hash'>, token: string): boolean {
  const a = Buffer.from(hashApiKey(token), 'hex');
  const b = Buffer.from(key.hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
