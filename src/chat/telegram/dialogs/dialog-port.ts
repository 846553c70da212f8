import type { DialogState } from './dialog-state.js';

export type { DialogState };

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
