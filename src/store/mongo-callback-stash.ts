import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { CallbackStash } from '../chat/telegram/callback-stash-port.js';
import { isDuplicateKey } from './mongo-errors.js';

type StashDoc = { _id: string; id: string; ref: string; arg?: string; at: Date };

/**
 * The Mongo stash for actions whose callback_data would pass 64 bytes (collection
 * `telegram_callbacks`). The token is a hash of the action, so re-rendering a card stores
 * nothing new and every process resolves the same token.
 */
export function createMongoCallbackStash(
  conn: Connection,
  now: () => Date = () => new Date(),
): CallbackStash {
  const col = conn.collection<StashDoc>('telegram_callbacks');
  return {
    async put(action) {
      const token = createHash('sha256')
        .update(JSON.stringify([action.id, action.ref, action.arg]))
        .digest('base64url')
        .slice(0, 22);
      try {
        await col.insertOne({
          _id: token,
          id: action.id,
          ref: action.ref,
          ...(action.arg !== undefined && { arg: action.arg }),
          at: now(),
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      return token;
    },
    async get(token) {
      const doc = await col.findOne({ _id: token });
      if (!doc) return null;
      return { id: doc.id, ref: doc.ref, ...(doc.arg !== undefined && { arg: doc.arg }) };
    },
  };
}
