import type { Telegraf } from 'telegraf';
import { t } from '../i18n/i18n.js';
import { TelegramAdapterError } from './errors.js';
import { answerCallback, localeOf, type TelegramRuntime } from './runtime.js';
import { failDelivery } from './webhook.js';

/**
 * The one error boundary (`bot.catch`): log once with the update id, answer a pending callback
 * query, apologise in the chat — and never rethrow, since a rethrow would end long polling.
 * An update that could not even be recorded fails its webhook delivery (500) so Telegram
 * re-delivers it; under polling it is logged and lost.
 */
export function installErrorBoundary(bot: Telegraf, rt: TelegramRuntime): void {
  bot.catch(async (err, ctx) => {
    const update_id = ctx.update.update_id;
    if (err instanceof TelegramAdapterError && err.code === 'TELEGRAM_UPDATE_NOT_RECORDED') {
      const retried = failDelivery();
      rt.log.error({ err, update_id, retried }, 'telegram update not recorded');
      return;
    }
    rt.log.error({ err, update_id }, 'telegram update failed');
    const sorry = t(localeOf(rt, ctx.from), 'common.sorry');
    try {
      if (ctx.callbackQuery) await answerCallback(ctx, sorry);
      else if (ctx.chat && ctx.message) await ctx.reply(sorry);
    } catch (e) {
      rt.log.warn({ err: e, update_id }, 'could not apologise for a failed telegram update');
    }
  });
}
