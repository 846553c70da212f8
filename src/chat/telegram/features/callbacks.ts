/**
 * Button taps. Every callback query is answered exactly once: with the action's toast, with a
 * refusal as an alert ("Already claimed by Anna"), or — when the handler fails — with an
 * apology from the error boundary.
 */
import { Composer, type Context } from 'telegraf';
import { isActionId, messageToPlain, type ActionRef } from '../../message.js';
import { CallbackDataError, decodeCallback, type DecodedCallback } from '../callback-data.js';
import { deliverReply } from '../reply.js';
import { answerCallback, inboundOf, localeOf, type TelegramRuntime } from '../runtime.js';
import { tgText } from '../texts.js';
import { onDialogButton } from './dialogs.js';

function decode(data: string | undefined): DecodedCallback | undefined {
  try {
    return decodeCallback(data ?? '');
  } catch (err) {
    if (err instanceof CallbackDataError) return undefined;
    throw err;
  }
}

/** The callback-query feature: dialog buttons and every ActionId of the shared message model. */
export function callbacksFeature(rt: TelegramRuntime): Composer<Context> {
  const c = new Composer<Context>();
  c.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    const decoded = decode('data' in query ? query.data : undefined);
    const tr = tgText(localeOf(rt, ctx.from));
    if (decoded?.kind === 'dialog') return onDialogButton(rt, ctx, decoded.dialog);
    let action: ActionRef | null | undefined = decoded?.kind === 'action' ? decoded.action : undefined;
    if (decoded?.kind === 'stash') {
      // A stashed action whose id this version no longer has is an unknown button.
      const stashed = await rt.stash.get(decoded.token);
      action = stashed && isActionId(stashed.id) ? { ...stashed, id: stashed.id } : null;
    }
    if (!action) {
      rt.log.warn({ update_id: ctx.update.update_id }, 'telegram button with unknown callback_data');
      return answerCallback(ctx, tr('telegram.button_unknown'));
    }
    const inb = inboundOf(rt, ctx);
    const result = await rt.interactions.action(inb, action);
    await answerCallback(ctx, result.toast, result.refused === true && !!result.toast);
    // A refusal that only repeats its alert ("Already claimed by Anna") would be noise in a DM;
    // a success stays as a message (it carries what to do next, e.g. the contact).
    const echo =
      result.refused === true &&
      result.reply.kind === 'message' &&
      !!result.toast &&
      messageToPlain(result.reply.message).trim() === result.toast.trim();
    if (ctx.chat && !echo) await deliverReply(rt, ctx, inb, result.reply);
  });
  return c;
}
