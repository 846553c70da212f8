import type { Notice } from '../core/notices.js';
import type { Lead } from '../core/leads/lead.js';
import type { LeadStore } from '../core/ports.js';
import type { Platform } from '../core/roster/person.js';
import type { Message, MessageFile } from './message.js';
import type { Locale } from '../core/roster/team.js';

/** Where a message goes on one platform. */
export type Target =
  /** A person's direct messages, by their platform address (`slack:T:U`, `telegram:123`, `console:anna`). */
  | { kind: 'dm'; address: string }
  /** A team channel or group on a platform (Slack channel id, Telegram chat id, console room). */
  | { kind: 'channel'; platform: Platform; id: string };

/** A sent message, as the platform identifies it, so it can be edited later. */
export type SentRef = { platform: Platform; channel: string; id: string };

/** A platform's ability to deliver messages (Slack Web API, Telegram Bot API, the console). */
export interface PlatformSender {
  readonly platform: Platform;
  /** Delivers `message` to `target`; `dedupeId` is the outbox id (platforms that can, store it with the message). */
  send(target: Target, message: Message, opts: { dedupeId: string }): Promise<SentRef>;
  /** Replaces a message sent earlier (cards after a claim). */
  update(ref: SentRef, message: Message): Promise<void>;
  /**
   * After a crash mid-send: the message already delivered under `dedupeId`, if the platform can
   * tell (Slack: message metadata in the DM/channel history), `undefined` when it cannot.
   */
  findSent?(target: Target, dedupeId: string): Promise<SentRef | null | undefined>;
  /**
   * Delivers a file to `target`, after the message `after` (Slack file upload, Telegram document,
   * a file in the console's folder); `dedupeId` names the outbox entry and file.
   */
  sendFile(target: Target, file: MessageFile, opts: { dedupeId: string; after: SentRef }): Promise<SentRef>;
  /**
   * After a crash mid-send: the file already delivered after `after`, if the platform can tell
   * (Slack: a file of that name in the conversation since the message), `undefined` when it cannot.
   */
  findFile?(target: Target, file: MessageFile, after: SentRef): Promise<SentRef | null | undefined>;
  /**
   * A link to a sent message that the members of its conversation can open (Slack's permalink, a
   * Telegram supergroup's message link), or undefined where the platform has none.
   */
  permalink?(ref: SentRef): Promise<string | undefined>;
}

/** Thrown by senders when the platform says "slow down"; the outbox waits `retryAfterMs`. */
export class RateLimitedError extends Error {
  readonly code = 'RATE_LIMITED';
  constructor(
    readonly retryAfterMs: number,
    readonly scope: string,
  ) {
    super(`rate limited on ${scope}; retry after ${retryAfterMs} ms`);
    this.name = 'RateLimitedError';
  }
}

/** Thrown by senders when delivery can never succeed (user blocked the bot, channel gone). */
export class PermanentSendError extends Error {
  readonly code = 'SEND_FAILED_PERMANENTLY';
  constructor(message: string) {
    super(message);
    this.name = 'PermanentSendError';
  }
}

/** Who a rendered notice is for: the reader's language and zone pick the words and times. */
export type Reader = {
  personId?: string;
  locale: Locale;
  timezone: string;
  /** The platform the message will be shown on (mentions, button availability). */
  platform: Platform;
};

/** Turns a notice into a message for one reader, from the current state of what it is about. */
export interface NoticeRenderer {
  /**
   * The message, or null when it no longer makes sense (e.g. a reminder for a claimed lead).
   * `lead`: the notice's lead as the caller just read it (one read for all of a lead's cards);
   * `leads`: where to read it otherwise (the outbox's one read per delivery batch).
   */
  render(
    notice: Notice,
    reader: Reader,
    known?: { lead?: Lead | null; leads?: Pick<LeadStore, 'get'> },
  ): Promise<Message | null>;
}
