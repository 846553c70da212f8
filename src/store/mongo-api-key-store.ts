import type { Connection } from 'mongoose';
import type { ApiKey } from '../core/integrations/api-key.js';
import type { ApiKeyStore } from '../core/ports.js';
import { compact, fromDoc } from './docs.js';
import { insertedOnce } from './insert-once.js';

type ApiKeyDoc = Omit<ApiKey, 'id'> & { _id: string };

/** The Mongo {@link ApiKeyStore}: one document per key, `_id` = the key id (insert-once). */
export function createMongoApiKeyStore(conn: Connection): ApiKeyStore {
  const col = conn.collection<ApiKeyDoc>('api_keys');
  return {
    async insert(key) {
      const { id, ...rest } = key;
      return insertedOnce(col, compact({ _id: id, ...rest }));
    },
    async get(id) {
      const doc = await col.findOne({ _id: id });
      return doc ? fromDoc<ApiKey>(doc) : null;
    },
    async listTeam(teamId) {
      // A scan on FerretDB, but off every hot path: only `/team api-key list` asks.
      return (await col.find({ teamId }).toArray()).map((d) => fromDoc<ApiKey>(d));
    },
    async update(id, patch) {
      await col.updateOne({ _id: id }, { $set: compact(patch) });
    },
  };
}
