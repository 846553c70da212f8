import type { Connection } from 'mongoose';
import { insertedOnce } from './insert-once.js';
import type { DialogState, DialogStore } from '../chat/telegram/dialogs/dialog-port.js';

/** The Mongo {@link DialogStore}. */
export function createMongoDialogStore(conn: Connection): DialogStore {
  const col = conn.collection<DialogState>('telegram_dialogs');
  const moves = conn.collection<{ _id: string; at: Date }>('telegram_dialog_moves');
  /** Takes the move from `current` to its next version; false when another change took it. */
  const take = async (current: DialogState): Promise<boolean> => {
    return insertedOnce(moves, {
      _id: `${current._id}:${current.dialog}:${current.version + 1}`,
      at: current.expiresAt,
    });
  };
  return {
    async get(id, now) {
      const doc = await col.findOne({ _id: id });
      if (!doc) return null;
      if (new Date(doc.expiresAt).getTime() <= now.getTime()) {
        await col.deleteOne({ _id: id, version: doc.version });
        return null;
      }
      return doc;
    },
    async open(state) {
      await col.replaceOne({ _id: state._id }, state, { upsert: true });
    },
    async replace(current, next) {
      if (!(await take(current))) return false;
      await col.replaceOne(
        { _id: current._id, dialog: current.dialog },
        { ...next, version: current.version + 1 },
      );
      return true;
    },
    async close(current) {
      if (!(await take(current))) return false;
      await col.deleteOne({ _id: current._id, dialog: current.dialog });
      return true;
    },
    async notePrompt(current, messageId) {
      await col.updateOne(
        { _id: current._id, dialog: current.dialog, step: current.step },
        { $set: { promptMessageId: messageId } },
      );
    },
    async purgeExpired(now) {
      const res = await col.deleteMany({ expiresAt: { $lte: now } });
      // A move is kept until its dialog would have expired (its `at`); later it decides nothing.
      await moves.deleteMany({ at: { $lte: now } });
      return res.deletedCount;
    },
  };
}
