/**
 * Showing a neutral `Reply` where the user asked. Telegram has no ephemeral messages, so a reply
 * meant for the speaker alone goes to their private chat when they asked in a group (and into
 * the group, as a reply, if the bot may not write to them yet). Forms become dialogs, always in
 * the private chat.
 */
import type { Context } from 'telegraf';
import type { Message } from '../message.js';
import type { Inbound, Reply } from '../interactions/types.js';
import { startDialog } from './dialogs/dialog-runner.js';
import { sendMessageTo } from './outgoing.js';
import { localeOf, type TelegramRuntime } from './runtime.js';
import { isUnreachable } from './send-errors.js';
import { tgText } from './texts.js';

/** Where the update came from: its chat, whether it is private, and the message to reply to. */
function origin(ctx: Context) {
  const chat = ctx.chat;
  const from = ctx.from;
  if (!chat || !from) throw new Error('a reply needs a chat and a sender');
  const messageId = ctx.callbackQuery ? undefined : ctx.msgId;
  return { chatId: chat.id, userId: from.id, isPrivate: chat.type === 'private', messageId };
}

/** Sends a message into the chat of the update (as a reply in groups). */
export async function sayInChat(rt: TelegramRuntime, ctx: Context, message: Message): Promise<void> {
  const o = origin(ctx);
  await sendMessageTo(ctx.telegram, o.chatId, message, {
    stash: rt.stash,
    log: rt.log,
    ...(!o.isPrivate && o.messageId !== undefined && { replyTo: o.messageId }),
  });
}

/** A one-line message of our own words. */
export const plainMessage = (text: string): Message => ({
  summary: text,
  blocks: [{ type: 'text', text: [{ t: 'text', v: text }] }],
});

/** Shows `reply` to the speaker of `ctx`. */
export async function deliverReply(
  rt: TelegramRuntime,
  ctx: Context,
  inb: Inbound,
  reply: Reply,
): Promise<void> {
  if (reply.kind === 'none') return;
  const o = origin(ctx);
  const tr = tgText(localeOf(rt, ctx.from));
  if (reply.kind === 'message') {
    if (o.isPrivate || reply.visibility === 'in_channel') return sayInChat(rt, ctx, reply.message);
    try {
      await sendMessageTo(ctx.telegram, o.userId, reply.message, { stash: rt.stash, log: rt.log });
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      await sayInChat(rt, ctx, reply.message);
    }
    return;
  }
  // A form: a dialog in the private chat.
  const target = { chatId: o.userId, userId: o.userId, locale: reply.form.locale ?? localeOf(rt, ctx.from) };
  try {
    await startDialog(rt, ctx.telegram, target, inb, reply.form, reply.notice);
  } catch (err) {
    if (o.isPrivate || !isUnreachable(err)) throw err;
    await sayInChat(rt, ctx, plainMessage(tr('telegram.dm_first', { bot: rt.username() })));
    return;
  }
  if (!o.isPrivate) await sayInChat(rt, ctx, plainMessage(tr('telegram.form_in_dm')));
}
