import type { Platform } from '../../core/roster/person.js';
import type { FieldErrors, Form } from '../forms/form.js';
import type { Message } from '../message.js';

/** Who is talking to the bot, as the platform describes them. */
export type Speaker = {
  /** Platform address: `slack:<team>:<user>`, `telegram:<user id>`, `console:<handle>`. */
  address: string;
  platform: Platform;
  name?: string;
  /** Telegram @username or Slack handle, without "@". */
  username?: string;
  /** Platform language ("en-US", "ru") — used until the person sets their own. */
  locale?: string;
  /** IANA zone the platform knows for the user (Slack profile), if any. */
  timezone?: string;
};

/** One inbound request: the speaker, the idempotency key and where it came from. */
export type Inbound = {
  speaker: Speaker;
  /**
   * The request's idempotency key, stable across retries of the same request:
   * `slack:cmd:<team>:<trigger_id>`, `slack:act:<team>:<action_ts>:<action_id>`,
   * `telegram:<bot>:<update_id>`, `console:<n>`.
   */
  key: string;
  /** Where the request was made, when it matters (the channel a `/team channel` was run in). */
  channel?: { platform: Platform; id: string; isPrivate: boolean };
  /**
   * Set by the interactions layer when the database was unavailable: the answer is "try again",
   * but part of the work may be done, so the adapter leaves its journal entry open and recovery
   * finishes it under the same key once the database is back.
   */
  unfinished?: boolean;
};

/** What the bot answers. `ephemeral` replies are seen by the speaker only where the platform can. */
export type Reply =
  | { kind: 'message'; message: Message; visibility: 'ephemeral' | 'in_channel' }
  /** Ask for a form (Slack: open a modal; Telegram: start a dialog; console: prompts). */
  | { kind: 'form'; form: Form; notice?: Message }
  /** Nothing to say (e.g. a button whose effect shows up as an edited card). */
  | { kind: 'none' };

/** The result of submitting a form. */
export type SubmitResult = { kind: 'errors'; errors: FieldErrors } | { kind: 'done'; reply: Reply };

/** The result of a button press: a short toast (Telegram answerCallbackQuery, Slack ephemeral) and/or a reply. */
export type ActionResult = {
  /** A one-line acknowledgement or refusal shown to the presser (≤ 200 characters). */
  toast?: string;
  /** True when the toast is a refusal (e.g. "already claimed by @anna"). */
  refused?: boolean;
  reply: Reply;
};
