/**
 * The dialog feature: typed answers in a private chat and the dialog's own buttons. Each typed
 * answer is checked with `Interactions.checkField` before the dialog moves on.
 */
import { Composer, type Context } from 'telegraf';
import type { DialogCallback } from '../callback-data.js';
import { ask, reask, retire, settle, store } from '../dialogs/dialog-runner.js';
import { choiceKind, currentField, matchOption, matchOptions, type DialogState } from '../dialogs/dialog-state.js';
import { answerCallback, dialogKey, inboundOf, type TelegramRuntime } from '../runtime.js';
import { escapeHtml } from '../html.js';
import { tgText } from '../texts.js';

/** The open dialog of the sender in this chat, if any. */
export async function openDialog(rt: TelegramRuntime, ctx: Context): Promise<DialogState | null> {
  if (!ctx.chat || !ctx.from) return null;
  return rt.dialogs.get(dialogKey(rt, ctx.chat.id, ctx.from.id), rt.now());
}

/** Checks a typed answer for the current field: the value to store, or the error to show. */
async function check(rt: TelegramRuntime, ctx: Context, s: DialogState, typed: string) {
  const field = currentField(s);
  const tr = tgText(s.locale);
  const kind = choiceKind(field);
  if (kind !== 'text') {
    const value = kind === 'one' ? matchOption(field, typed) : matchOptions(field, typed);
    return value === undefined ? { error: tr('telegram.dialog.no_match') } : { value };
  }
  const value = typed.trim();
  const error = await rt.interactions.checkField(inboundOf(rt, ctx), s.form.id, field.id, value);
  return error ? { error } : { value };
}

/**
 * A command typed while a dialog is open ends the dialog first ("form cancelled", nothing sent):
 * the command is what the person wants now, and it must not be taken as the dialog's answer.
 * Dialogs live in private chats only (a form asked for in a group is run in the speaker's private
 * chat, reply.ts), so a command in a group has none to end and reads nothing.
 */
export async function cancelDialogForCommand(rt: TelegramRuntime, ctx: Context): Promise<void> {
  if (ctx.chat?.type !== 'private') return;
  const s = await openDialog(rt, ctx);
  if (!s || !(await rt.dialogs.close(s))) return;
  const text = tgText(s.locale)('form.cancelled_by_command');
  await retire(rt, ctx.telegram, s, escapeHtml(text));
}

/** A typed answer to the open dialog. */
export async function onDialogText(rt: TelegramRuntime, ctx: Context, s: DialogState, typed: string): Promise<void> {
  const checked = await check(rt, ctx, s, typed);
  if ('error' in checked) {
    await retire(rt, ctx.telegram, s);
    await ask(rt, ctx.telegram, s, checked.error);
    return;
  }
  await settle(rt, ctx.telegram, s, checked.value, inboundOf(rt, ctx));
}

/** A tap on a dialog button; always answers the callback query. */
export async function onDialogButton(rt: TelegramRuntime, ctx: Context, cb: DialogCallback): Promise<void> {
  const s = await openDialog(rt, ctx);
  const tr = tgText(s?.locale ?? rt.defaultLocale);
  if (!s || s.dialog !== cb.dialog) {
    await answerCallback(ctx, tr('telegram.dialog.expired'));
    await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
    return;
  }
  if (s.step !== cb.step) return answerCallback(ctx, tr('telegram.dialog.stale'));
  const field = currentField(s);
  const option = cb.n === undefined ? undefined : field.options?.[cb.n];
  const inb = inboundOf(rt, ctx);
  const here = { ...s, promptMessageId: ctx.callbackQuery?.message?.message_id ?? s.promptMessageId };
  let moved: DialogState | undefined | 'stale' | 'moved' = 'moved';
  switch (cb.op) {
    case 'c':
      if (!(await rt.dialogs.close(s))) return answerCallback(ctx, tr('telegram.dialog.stale'));
      await answerCallback(ctx, tr('telegram.dialog.cancelled'));
      await retire(rt, ctx.telegram, here, escapeHtml(tr('telegram.dialog.cancelled')));
      return;
    case 'b': {
      const prev = s.history.at(-1);
      if (prev === undefined) return answerCallback(ctx);
      const back = s.form.fields[s.step]?.id;
      const fixing = s.fixing.length && back ? [s.form.fields[prev]?.id ?? back, ...s.fixing] : [];
      moved = await store(rt, s, { ...s, step: prev, history: s.history.slice(0, -1), fixing, page: 0 });
      if (moved) {
        await answerCallback(ctx);
        await retire(rt, ctx.telegram, here);
        await ask(rt, ctx.telegram, moved);
      }
      break;
    }
    case 'p':
    case 't': {
      const current = s.values[field.id];
      const list = Array.isArray(current) ? current : [];
      const values =
        cb.op === 't' && option
          ? { ...s.values, [field.id]: list.includes(option.value) ? list.filter((v) => v !== option.value) : [...list, option.value] }
          : s.values;
      moved = await store(rt, s, { ...s, values, page: cb.op === 'p' ? (cb.n ?? 0) : s.page });
      if (moved) {
        await answerCallback(ctx);
        await reask(rt, ctx.telegram, { ...moved, promptMessageId: here.promptMessageId });
      }
      break;
    }
    case 'o':
      if (!option) return answerCallback(ctx, tr('telegram.button_unknown'));
      moved = await settle(rt, ctx.telegram, here, option.value, inb);
      break;
    case 'd': {
      const value = s.values[field.id];
      const empty = value === undefined || (Array.isArray(value) && value.length === 0);
      if (empty && field.required) return answerCallback(ctx, field.label, true);
      moved = await settle(rt, ctx.telegram, here, empty ? undefined : value, inb);
      break;
    }
    case 's':
      if (field.required) return answerCallback(ctx, field.label, true);
      moved = await settle(rt, ctx.telegram, here, undefined, inb);
      break;
  }
  // Answered only now: a tap that lost the race to another one is told so.
  await answerCallback(ctx, !moved || moved === 'stale' ? tr('telegram.dialog.stale') : undefined);
}

/** Typed answers in private chats go to the open dialog; anything else falls through. */
export function dialogsFeature(rt: TelegramRuntime): Composer<Context> {
  const c = new Composer<Context>();
  c.on('message', async (ctx, next) => {
    if (ctx.chat.type !== 'private' || !('text' in ctx.message)) return next();
    if (ctx.message.entities?.[0]?.type === 'bot_command' && ctx.message.entities[0].offset === 0) return next();
    const s = await openDialog(rt, ctx);
    if (!s) return next();
    await onDialogText(rt, ctx, s, ctx.message.text);
  });
  return c;
}
