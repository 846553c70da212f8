import type { ActionRef } from '../message.js';

/** An action as the stash keeps it: the id is text until the reader checks it is an `ActionId`. */
export type StashedAction = { id: string; ref: string; arg?: string };

/**
 * Keeps ActionRefs too long for Telegram's 64-byte callback_data; the button then carries a
 * short token. The store knows no action ids: the callback feature checks the id it gets back.
 */
export interface CallbackStash {
  /** Stores the action (idempotently) and returns its token. */
  put(action: ActionRef): Promise<string>;
  /** The action stored under `token`, or null. */
  get(token: string): Promise<StashedAction | null>;
}
