/**
 * Exactly once per update: the inbound journal records `telegram:<bot id>:<update_id>` before anything
 * else happens. A re-delivered webhook, a duplicate from Telegram, or the same update reaching a
 * second bot process behind one webhook finds the key taken and is dropped — unless its first
 * runner is gone (a crash: Telegram re-delivers what was not confirmed), then it runs again.
 */
import type { Context, MiddlewareFn, Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Journal } from '../journal-port.js';
import type { Replayer } from '../recovery.js';
import { TelegramAdapterError } from './errors.js';
import { legacyUpdateKey, stateOf, updateKey, type TelegramRuntime } from './runtime.js';
import { acknowledgeDelivery } from './webhook.js';

/**
 * What the journal keeps of an update: a summary to read, and the update itself for recovery —
 * without reply markup (inline keyboards are nested arrays, which FerretDB cannot store, and
 * nothing in Baton reads them back).
 */
function summary(ctx: Context): Record<string, unknown> {
  const msg = ctx.message;
  const query = ctx.callbackQuery;
  return {
    platform: 'telegram',
    update_id: ctx.update.update_id,
    type: ctx.updateType,
    ...(ctx.chat && { chatId: ctx.chat.id }),
    ...(ctx.from && { userId: ctx.from.id }),
    ...(msg && 'text' in msg && { text: msg.text }),
    ...(query && 'data' in query && { data: query.data }),
    update: JSON.parse(
      JSON.stringify(ctx.update, (k, v: unknown) => (k === 'reply_markup' ? undefined : v)),
    ) as unknown,
  };
}

/** Updates being re-run by journal recovery, and whether their run hit a database outage. */
export type Replaying = Map<string, { unfinished: boolean }>;

/** The de-duplicating middleware; it must run first. */
export function oncePerUpdate(
  rt: TelegramRuntime,
  journal: Journal,
  replaying: Replaying = new Map(),
): MiddlewareFn<Context> {
  /**
   * Transitional (journal keys were `tg:…` before they were spelled `telegram:…`): an update
   * recorded under the old key before an upgrade runs under that key, and only if the journal
   * lets it (its runner is gone) — so a re-delivery after the upgrade does not run it twice, and a
   * re-run keeps its first run's idempotency key. The new entry then only marks the re-delivery,
   * finished at once. Returns the key to run under, `undefined` to drop the update, or `fresh`
   * when there is no old entry. One `_id` read per update, after the ack.
   */
  async function keyToRun(fresh: string, legacy: string): Promise<string | undefined> {
    if (!(await journal.get(legacy))) return fresh;
    const taken = await journal.takeOver(legacy);
    await journal.complete(fresh);
    return taken ? legacy : undefined;
  }

  return async (ctx, next) => {
    const fresh = updateKey(rt.botId, ctx.update.update_id);
    const legacy = legacyUpdateKey(rt.botId, ctx.update.update_id);
    const state = stateOf(ctx);
    const held = replaying.has(fresh) ? fresh : replaying.has(legacy) ? legacy : undefined;
    const replay = held && replaying.get(held);
    if (held && replay) {
      // Recovery holds this entry and completes it.
      const key = held === fresh ? await keyToRun(fresh, legacy) : held;
      if (!key) return;
      state.key = key;
      await next();
      replay.unfinished = state.inbound?.unfinished === true;
      // A re-run of a new entry that turned out to be an old one: the old one is ours to finish.
      if (key !== held) await (replay.unfinished ? journal.release(key) : journal.complete(key));
      return;
    }
    let first: boolean;
    try {
      first = await journal.begin(fresh, summary(ctx), ctx.chat ? { chatId: ctx.chat.id } : undefined);
    } catch (err) {
      throw new TelegramAdapterError('TELEGRAM_UPDATE_NOT_RECORDED', `could not record update ${fresh}`, {
        cause: err,
      });
    }
    if (!first) {
      rt.log.info({ key: fresh }, 'duplicate telegram update ignored');
      return;
    }
    // Recorded: the webhook is answered now, not after the work (the ack waits on one write).
    acknowledgeDelivery();
    const key = await keyToRun(fresh, legacy);
    if (!key) {
      rt.log.info({ key: legacy }, 'duplicate telegram update ignored (recorded before the upgrade)');
      return;
    }
    state.key = key;
    await next();
    // After a database outage the entry stays open: recovery (or a re-delivery) finishes it.
    if (state.inbound?.unfinished) return journal.release(key);
    // The work is done; a failure to mark it so must not turn into an apology to the user.
    await journal
      .complete(key)
      .catch((err: unknown) => rt.log.warn({ err, key }, 'could not complete a journal entry'));
  };
}

/**
 * Telegram's half of journal recovery: an update recorded but never finished whose re-delivery
 * did not come (another process got it while the first runner's lease was still running) is fed
 * to the bot again as it was recorded; handlers answer in its chat as they would have.
 */
export function telegramReplayer(bot: Telegraf, replaying: Replaying): Replayer {
  return {
    platform: 'telegram',
    async replay(entry) {
      const update = entry.request.update as Update | undefined;
      if (!update || typeof update !== 'object') return; // recorded before updates were kept
      const run = { unfinished: false };
      replaying.set(entry._id, run);
      try {
        await bot.handleUpdate(update);
      } finally {
        replaying.delete(entry._id);
      }
      if (run.unfinished) throw new Error(`database unavailable; ${entry._id} stays open`);
    },
  };
}
