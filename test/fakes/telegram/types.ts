/** Public types of the fake Telegram Bot API (see `fake-telegram.ts`). */
import type { ApiMethods, Opts } from '@telegraf/types';
import type { BotApiErrorBody } from './errors.js';
import type { TextEntity } from './telegram-html.js';

/** On the wire a file is a string (file_id, URL or `attach://<part>` for a multipart upload). */
type WireFile = never;

/** A Bot API method name. */
export type MethodName = keyof ApiMethods<WireFile>;

/** The parameters of `M` as @telegraf/types declares them (a call that broke the contract may differ). */
export type ParamsOf<M extends string> = M extends MethodName ? Opts<WireFile>[M] : Record<string, unknown>;

/** A simulated Telegram user, shaped like the Bot API `User` object. */
export interface FakeUser {
  readonly id: number;
  readonly is_bot: false;
  readonly first_name: string;
  readonly last_name?: string;
  readonly username?: string;
  readonly language_code?: string;
}

/** A chat, shaped like the Bot API `Chat` object (a private chat's id is its user's id). */
export interface FakeChat {
  readonly id: number;
  readonly type: 'private' | 'group' | 'supergroup';
  readonly title?: string;
  readonly first_name?: string;
  readonly last_name?: string;
  readonly username?: string;
}

/** Where helpers accept a chat: the chat, the user (their private chat), or a chat id. */
export type ChatRef = FakeChat | FakeUser | number;

/** A bot the fake serves. */
export interface FakeBotConfig {
  token: string;
  /** What getMe answers and `/cmd@username` must name. */
  username: string;
  first_name?: string;
  /** Defaults to the number before ':' in the token. */
  id?: number;
}

/** A file a bot uploaded with multipart/form-data. */
export interface UploadedFile {
  field: string;
  filename: string;
  mimeType: string;
  size: number;
  data: Buffer;
}

/** An earlier version of a message, kept when the bot edits it. */
export interface MessageVersion {
  text?: string;
  caption?: string;
  entities: TextEntity[];
  reply_markup?: Record<string, unknown>;
  /** Date.now() when this version was replaced. */
  replacedAt: number;
}

/** A message in a chat, by a user or a bot; edits update it in place (treat as read-only). */
export interface StoredMessage {
  chat_id: number;
  message_id: number;
  from: Readonly<{ id: number; is_bot: boolean; first_name: string; username?: string }>;
  /** For a user's message: the update that carried it to the bot. */
  update_id?: number;
  /** Token of the bot that sent it; undefined for a user's message. */
  botToken?: string;
  kind: 'text' | 'photo' | 'document';
  /** The text users see (HTML parsed away) for text messages. */
  text?: string;
  caption?: string;
  /** Entities of `text` or `caption`. */
  entities: TextEntity[];
  /** The text or caption exactly as the bot sent it, with its parse_mode. */
  source?: { text: string; parse_mode?: string };
  /** Only inline keyboards stay attached to a message. */
  reply_markup?: Record<string, unknown>;
  file?: { file_id: string; upload?: UploadedFile };
  reply_to_message_id?: number;
  /** Unix seconds. */
  date: number;
  edit_date?: number;
  /** Earlier versions, oldest first. */
  edits: MessageVersion[];
  deleted: boolean;
}

/** One Bot API call the fake answered. */
export interface ApiCall<M extends string = string> {
  /** Order of arrival across all bots. */
  seq: number;
  token: string;
  method: M;
  params: ParamsOf<M>;
  files: UploadedFile[];
  /** 'webhook-reply' when telegraf wrote the call into its webhook response. */
  via: 'http' | 'webhook-reply';
  at: number;
  ok: boolean;
  /** HTTP status: 200 or the error_code. */
  status: number;
  result?: unknown;
  error?: BotApiErrorBody;
}

/** A call whose parameters broke the Bot API's types or documented limits. */
export interface Violation {
  method: string;
  token: string;
  params: Record<string, unknown>;
  problems: string[];
  via: 'http' | 'webhook-reply';
  at: number;
}

/** One POST of an update to a webhook. */
export interface DeliveryAttempt {
  update_id?: number;
  url: string;
  /** 1 for the first try of an update. */
  attempt: number;
  /** HTTP status, or 'error' when the connection failed or timed out. */
  status: number | 'error';
  error?: string;
  /** True for deliveries made with `deliverRaw`. */
  raw: boolean;
  at: number;
}

/** An update as sent to bots. */
export type WireUpdate = { update_id: number } & Record<string, unknown>;

/** What `failNext` makes the next matching call answer. */
export interface InjectedFailure {
  error_code: number;
  /** Defaults to Telegram's wording for the code. */
  description?: string;
  /** For 429: seconds, returned in `parameters.retry_after` (default 1). */
  retry_after?: number;
  /** How many calls fail (default 1). */
  times?: number;
  /** Only calls by this bot (default: any bot). */
  token?: string;
}
