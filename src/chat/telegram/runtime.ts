/**
 * What every Telegram feature shares: the interaction layer, the stores, the clock, and how a
 * telegraf update becomes a neutral `Inbound`.
 */
import type { Context } from 'telegraf';
import type { User } from 'telegraf/types';
import type { Logger } from '../../logger.js';
import { localeFromTag, type Locale } from '../../core/roster/team.js';
import type { Interactions } from '../interactions/interactions.js';
import type { Inbound, Speaker } from '../interactions/types.js';
import type { DialogStore } from './dialogs/dialog-port.js';
import type { CallbackStash } from './callback-stash-port.js';

/** The shared pieces the features are built from (one per bot). */
export type TelegramRuntime = {
  interactions: Interactions;
  dialogs: DialogStore;
  stash: CallbackStash;
  log: Logger;
  now: () => Date;
  /** The bot's numeric id (the token's prefix): part of every update's idempotency key. */
  botId: string;
  /** The bot's @username once known (getMe). */
  username: () => string;
  defaultLocale: Locale;
  /** How long an unanswered dialog stays open. */
  dialogTtlMs: number;
};

/** Our per-update state on `ctx.state`. */
export type UpdateState = {
  /**
   * The journal key this update runs under: {@link updateKey}, or the {@link legacyUpdateKey} it
   * was recorded under before the upgrade (a re-run must reuse the key its first run used).
   */
  key?: string;
  /** The update as the interactions layer saw it (it marks `unfinished` during a database outage). */
  inbound?: Inbound;
  /** Set once answerCallbackQuery was called: the error boundary must not answer again. */
  answered?: boolean;
};

/** The platform address of a Telegram user. */
export const addressOf = (userId: number | string) => `telegram:${userId}`;

/** The speaker behind a Telegram user. */
export function speakerOf(from: User): Speaker {
  const name = [from.first_name, from.last_name].filter(Boolean).join(' ').trim();
  return {
    address: addressOf(from.id),
    platform: 'telegram',
    ...(name && { name }),
    ...(from.username && { username: from.username }),
    ...(from.language_code && { locale: from.language_code }),
  };
}

/** The idempotency key of an update: `telegram:<bot id>:<update_id>` (see Inbound.key). */
export const updateKey = (botId: string, updateId: number) => `telegram:${botId}:${updateId}`;

/**
 * The key updates were journaled under before ids were spelled `telegram:` everywhere. Never
 * written: each process start gives such entries a finished entry under the new key
 * (updates.ts, legacyKeyMover), so a re-delivery after the upgrade runs nothing twice; it can go
 * once no journal entry is older than the upgrade (recovery purges after 3 days).
 */
export const legacyUpdateKey = (botId: string, updateId: number) => `tg:${botId}:${updateId}`;

/**
 * The neutral inbound request for the update in `ctx` (which must have a sender); one per update,
 * kept on `ctx.state` so the journal middleware sees whether the work finished.
 */
export function inboundOf(rt: TelegramRuntime, ctx: Context): Inbound {
  const state = stateOf(ctx);
  if (state.inbound) return state.inbound;
  const from = ctx.from;
  if (!from) throw new Error('an update without a sender cannot become an Inbound');
  const chat = ctx.chat;
  state.inbound = {
    speaker: speakerOf(from),
    key: state.key ?? updateKey(rt.botId, ctx.update.update_id),
    ...(chat && {
      channel: { platform: 'telegram' as const, id: String(chat.id), isPrivate: chat.type === 'private' },
    }),
  };
  return state.inbound;
}

/** The language for our own words: the user's Telegram language if we speak it. */
export function localeOf(rt: Pick<TelegramRuntime, 'defaultLocale'>, from: User | undefined): Locale {
  return localeFromTag(from?.language_code, rt.defaultLocale);
}

/** The dialog id of a user in a chat. */
export const dialogKey = (rt: Pick<TelegramRuntime, 'botId'>, chatId: number, userId: number) =>
  `${rt.botId}:${chatId}:${userId}`;

/** Our state on a telegraf context. */
export function stateOf(ctx: Context): UpdateState {
  return ctx.state as UpdateState;
}

/** Answers the callback query of `ctx` once (a toast, or an alert for refusals worth reading). */
export async function answerCallback(ctx: Context, text?: string, alert = false): Promise<void> {
  const state = stateOf(ctx);
  if (state.answered || !ctx.callbackQuery) return;
  state.answered = true;
  const toast = text && text.length > 200 ? `${text.slice(0, 199)}…` : text;
  await ctx.answerCbQuery(toast, alert ? { show_alert: true } : undefined);
}
