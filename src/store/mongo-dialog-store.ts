import type { Connection } from 'mongoose';
import { isDuplicateKey } from './mongo-errors.js';
import type { DialogState } from '../chat/telegram/dialogs/dialog-state.js';

/**
 * Open dialogs, one per user and chat (collection `telegram_dialogs`), so a dialog survives a
 * restart and works when its next answer reaches another bot process. Of two answers racing for
 * one step, one wins: each move first inserts `<dialog>:<nonce>:<next version>` into
 * `telegram_dialog_moves` — an insert-once, the race decider that holds on FerretDB as on MongoDB
 * (a conditional update does not: FerretDB may let both writers match).
 */
export interface DialogStore {
  /** The open dialog, or null (an expired one is removed and reported as null). */
  get(id: string, now: Date): Promise<DialogState | null>;
  /** Opens a dialog, replacing any earlier one of the same user and chat. */
  open(state: DialogState): Promise<void>;
  /** Stores `next` if `current` is still the stored version; false when another change won. */
  replace(current: DialogState, next: DialogState): Promise<boolean>;
  /** Removes the dialog if `current` is still the stored version; false when another change won. */
  close(current: DialogState): Promise<boolean>;
  /** Records which message asks the current step (no version change: nothing is decided by it). */
  notePrompt(current: DialogState, messageId: number): Promise<void>;
  /** Removes dialogs idle past their expiry; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

/** The Mongo {@link DialogStore}. */
export function createMongoDialogStore(conn: Connection): DialogStore {
  const col = conn.collection<DialogState>('telegram_dialogs');
  const moves = conn.collection<{ _id: string; at: Date }>('telegram_dialog_moves');
  /** Takes the move from `current` to its next version; false when another change took it. */
  const take = async (current: DialogState): Promise<boolean> => {
    try {
      await moves.insertOne({ _id: `${current._id}:${current.dialog}:${current.version + 1}`, at: current.expiresAt });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
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
      await col.replaceOne({ _id: current._id, dialog: current.dialog }, { ...next, version: current.version + 1 });
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
