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

/**
 * Transitional (journal keys were `tg:<bot>:<update_id>` before they were spelled `telegram:…`):
 * before this process runs its first update, every entry of this bot under an old key gets a
 * finished entry under its new key ({@link Journal.alias}: one scan and one insert per process
 * start). An update recorded before the upgrade and re-delivered after it is then a duplicate like
 * any other, with no per-update look-up; one whose first runner died is finished by journal
 * recovery, under its old key (its first run's idempotency key). A process of an earlier version
 * must not run beside this one (the README: upgrade every process of a deployment together). This
 * can go once no journal entry is older than the upgrade (recovery purges after 3 days).
 * Returns a function that moves the keys once per process (again after a failure).
 */
export function legacyKeyMover(rt: TelegramRuntime, journal: Journal): () => Promise<void> {
  const prefix = legacyUpdateKey(rt.botId, 0).slice(0, -1);
  let moved: Promise<void> | undefined;
  const move = async () => {
    const n = await journal.alias(prefix, (old) => updateKey(rt.botId, Number(old.slice(prefix.length))));
    if (n) rt.log.info({ entries: n }, 'telegram: journal entries recorded before the upgrade keyed anew');
  };
  return () =>
    (moved ??= move().catch((err: unknown) => {
      moved = undefined;
      throw err;
    }));
}

/**
 * The de-duplicating middleware; it must run first. `keysMoved` resolves once the journal's old
 * keys are matched to new ones ({@link legacyKeyMover}); an update never runs before that.
 */
export function oncePerUpdate(
  rt: TelegramRuntime,
  journal: Journal,
  keysMoved: () => Promise<void>,
  replaying: Replaying = new Map(),
): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const fresh = updateKey(rt.botId, ctx.update.update_id);
    const state = stateOf(ctx);
    // Recovery re-runs an entry under the key it was recorded under (an old one too) and completes it.
    const legacy = legacyUpdateKey(rt.botId, ctx.update.update_id);
    const held = replaying.has(fresh) ? fresh : replaying.has(legacy) ? legacy : undefined;
    const replay = held && replaying.get(held);
    if (held && replay) {
      state.key = held;
      await next();
      replay.unfinished = state.inbound?.unfinished === true;
      return;
    }
    let first: boolean;
    try {
      await keysMoved();
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
    state.key = fresh;
    await next();
    // After a database outage the entry stays open: recovery (or a re-delivery) finishes it.
    if (state.inbound?.unfinished) return journal.release(fresh);
    // The work is done; a failure to mark it so must not turn into an apology to the user.
    await journal
      .complete(fresh)
      .catch((err: unknown) => rt.log.warn({ err, key: fresh }, 'could not complete a journal entry'));
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
