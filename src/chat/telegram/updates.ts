/**
 * Exactly once per update: the inbound journal records `tg:<bot id>:<update_id>` before anything
 * else happens. A re-delivered webhook, a duplicate from Telegram, or the same update reaching a
 * second bot process behind one webhook finds the key taken and is dropped.
 */
import type { Context, MiddlewareFn } from 'telegraf';
import type { Journal } from '../journal.js';
import { TelegramAdapterError } from './errors.js';
import { updateKey, type TelegramRuntime } from './runtime.js';

/**
 * What the journal keeps of an update: enough to see what was asked. Not the raw update — its
 * inline keyboards are nested arrays, which FerretDB cannot store.
 */
function summary(ctx: Context): Record<string, unknown> {
  const msg = ctx.message;
  const query = ctx.callbackQuery;
  return {
    update_id: ctx.update.update_id,
    type: ctx.updateType,
    ...(ctx.chat && { chatId: ctx.chat.id }),
    ...(ctx.from && { userId: ctx.from.id }),
    ...(msg && 'text' in msg && { text: msg.text }),
    ...(query && 'data' in query && { data: query.data }),
  };
}

/** The de-duplicating middleware; it must run first. */
export function oncePerUpdate(rt: TelegramRuntime, journal: Journal): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const key = updateKey(rt.botId, ctx.update.update_id);
    let first: boolean;
    try {
      first = await journal.begin(key, summary(ctx), ctx.chat ? { chatId: ctx.chat.id } : undefined);
    } catch (err) {
      throw new TelegramAdapterError('TELEGRAM_UPDATE_NOT_RECORDED', `could not record update ${key}`, { cause: err });
    }
    if (!first) {
      rt.log.info({ key }, 'duplicate telegram update ignored');
      return;
    }
    await next();
    // The work is done; a failure to mark it so must not turn into an apology to the user.
    await journal.complete(key).catch((err: unknown) => rt.log.warn({ err, key }, 'could not complete a journal entry'));
  };
}
