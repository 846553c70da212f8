import { expect } from '@jest/globals';
import { basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/store/database.js';

/** The URI of the run's database server (set by global-setup). */
export function testMongoUri(): string {
  const uri = process.env.BATON_TEST_MONGODB_URI;
  if (!uri) throw new Error('BATON_TEST_MONGODB_URI is not set: run tests through jest (global-setup)');
  return uri;
}

/** A fresh database name, unique to this test file and call. */
export function uniqueDbName(hint = expect.getState().testPath ?? 'test'): string {
  const base = basename(hint)
    .replace(/\.test\.ts$/, '')
    .replace(/[^a-zA-Z0-9]/g, '_')
    .slice(0, 40);
  return `t_${base}_${randomBytes(4).toString('hex')}`;
}

/** Connects to a database of this test file's own; drop and close it with the returned helpers. */
export async function openTestConnection(dbName = uniqueDbName()): Promise<Connection> {
  return connectDatabase(testMongoUri(), { dbName });
}

/** Drops the connection's database and closes it. */
export async function dropAndClose(conn: Connection): Promise<void> {
  try {
    await conn.dropDatabase();
  } finally {
    await conn.close();
  }
}
