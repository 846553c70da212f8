/**
 * Running a dialog: opening it, settling a step (validated before it gets here), and
 * submitting the whole form through `Interactions.submit` — back to the fields in error when it
 * is refused. Every move is a compare-and-set on the stored dialog, so a double tap or an answer
 * racing on another bot process moves the dialog once.
 */
import { randomBytes } from 'node:crypto';
import type { Telegram } from 'telegraf';
import type { Locale } from '../../../core/roster/team.js';
import type { Form, FormValues } from '../../forms/form.js';
import type { Inbound, Reply } from '../../interactions/types.js';
import type { Message } from '../../message.js';
import { sendMessageTo } from '../outgoing.js';
import { isNotModified } from '../send-errors.js';
import { dialogKey, type TelegramRuntime } from '../runtime.js';
import { answeredPrompt, dialogPrompt } from './dialog-prompt.js';
import { currentField, fixErrors, initialValues, nextStep, type DialogState } from './dialog-state.js';

/** A private chat with one user, and the language for our own words. */
export type DialogTarget = { chatId: number; userId: number; locale: Locale };

/** What happened to an answer: taken, or lost to a change that came first. */
export type Settled = 'moved' | 'stale';

const fresh = (rt: TelegramRuntime): Pick<DialogState, 'updatedAt' | 'expiresAt'> => {
  const now = rt.now();
  return { updatedAt: now, expiresAt: new Date(now.getTime() + rt.dialogTtlMs) };
};

/** Sends the prompt for the dialog's step (with an error above it) and remembers its message. */
export async function ask(rt: TelegramRuntime, telegram: Telegram, s: DialogState, error?: string): Promise<void> {
  const { html, keyboard } = dialogPrompt(s, error);
  const sent = await telegram.sendMessage(s.chatId, html, { parse_mode: 'HTML', reply_markup: keyboard });
  await rt.dialogs.notePrompt(s, sent.message_id);
}

/** Shows the step again in the same message (a ticked checkbox, another page of options). */
export async function reask(rt: TelegramRuntime, telegram: Telegram, s: DialogState): Promise<void> {
  if (s.promptMessageId === undefined) return ask(rt, telegram, s);
  const { html, keyboard } = dialogPrompt(s);
  try {
    await telegram.editMessageText(s.chatId, s.promptMessageId, undefined, html, { parse_mode: 'HTML', reply_markup: keyboard });
  } catch (err) {
    if (!isNotModified(err)) throw err;
  }
}

/** Takes the buttons off an earlier prompt, or rewrites it as `html` (best effort). */
export async function retire(rt: TelegramRuntime, telegram: Telegram, s: DialogState, html?: string): Promise<void> {
  const messageId = s.promptMessageId;
  if (messageId === undefined) return;
  try {
    if (html) await telegram.editMessageText(s.chatId, messageId, undefined, html, { parse_mode: 'HTML' });
    else await telegram.editMessageReplyMarkup(s.chatId, messageId, undefined, undefined);
  } catch (err) {
    rt.log.debug({ err, chatId: s.chatId, messageId }, 'could not retire a dialog prompt');
  }
}

/** Opens a dialog for `form` in the target's private chat and asks its first field. */
export async function startDialog(
  rt: TelegramRuntime,
  telegram: Telegram,
  target: DialogTarget,
  inb: Inbound,
  form: Form,
  notice?: Message,
): Promise<void> {
  if (notice) await sendMessageTo(telegram, target.chatId, notice, { stash: rt.stash, log: rt.log });
  const state: DialogState = {
    _id: dialogKey(rt, target.chatId, target.userId),
    chatId: target.chatId,
    userId: target.userId,
    dialog: randomBytes(6).toString('base64url'),
    form,
    step: 0,
    values: initialValues(form),
    history: [],
    fixing: [],
    page: 0,
    locale: target.locale,
    version: 0,
    ...fresh(rt),
  };
  if (form.fields.length === 0) return submit(rt, telegram, state, inb);
  await rt.dialogs.open(state);
  try {
    await ask(rt, telegram, state);
  } catch (err) {
    await rt.dialogs.close(state).catch(() => false);
    throw err;
  }
}

/** Stores `next` if `s` is still current; 'stale' when another change won. */
export async function store(rt: TelegramRuntime, s: DialogState, next: DialogState): Promise<DialogState | undefined> {
  const stored = { ...next, ...fresh(rt) };
  return (await rt.dialogs.replace(s, stored)) ? { ...stored, version: s.version + 1 } : undefined;
}

/** Settles the current field with `value` (already validated) and asks the next field or submits. */
export async function settle(
  rt: TelegramRuntime,
  telegram: Telegram,
  s: DialogState,
  value: string | string[] | undefined,
  inb: Inbound,
): Promise<Settled> {
  const field = currentField(s);
  const values: FormValues = { ...s.values, [field.id]: value };
  if (value === undefined) delete values[field.id];
  const answered: DialogState = { ...s, values };
  const next = nextStep(s);
  if (next.kind === 'ask') {
    const moved = await store(rt, s, {
      ...answered,
      step: next.step,
      fixing: next.fixing,
      history: [...s.history, s.step],
      page: 0,
    });
    if (!moved) return 'stale';
    await retire(rt, telegram, s, answeredPrompt(answered, s.step));
    await ask(rt, telegram, moved);
    return 'moved';
  }
  if (!(await rt.dialogs.close(s))) return 'stale';
  await retire(rt, telegram, s, answeredPrompt(answered, s.step));
  await submit(rt, telegram, answered, inb);
  return 'moved';
}

/** Submits the form; a refusal re-opens the dialog at the first field in error. */
async function submit(rt: TelegramRuntime, telegram: Telegram, s: DialogState, inb: Inbound): Promise<void> {
  const reopened = (patch: Partial<DialogState>): DialogState => ({
    ...s,
    ...patch,
    promptMessageId: undefined,
    version: s.version + 2,
    ...fresh(rt),
  });
  let result;
  try {
    result = await rt.interactions.submit(inb, s.form.id, s.form.ref, s.values);
  } catch (err) {
    // Keep the answers: the user can tap Keep on the last step to try again.
    await rt.dialogs.open(reopened({})).catch(() => undefined);
    throw err;
  }
  if (result.kind === 'done') return showResult(rt, telegram, s, result.reply, inb);
  const fix = fixErrors(s.form, result.errors);
  if (!fix) {
    const text = Object.values(result.errors).join('\n');
    return showResult(rt, telegram, s, { kind: 'message', visibility: 'ephemeral', message: plain(text) }, inb);
  }
  const again = reopened({ step: fix.step, fixing: fix.fixing, page: 0 });
  await rt.dialogs.open(again);
  await ask(rt, telegram, again, result.errors[fix.fixing[0] ?? '']);
}

const plain = (text: string): Message => ({ summary: text, blocks: [{ type: 'text', text: [{ t: 'text', v: text }] }] });

async function showResult(rt: TelegramRuntime, telegram: Telegram, s: DialogState, reply: Reply, inb: Inbound) {
  if (reply.kind === 'message') {
    await sendMessageTo(telegram, s.chatId, reply.message, { stash: rt.stash, log: rt.log });
  } else if (reply.kind === 'form') {
    await startDialog(rt, telegram, { chatId: s.chatId, userId: s.userId, locale: s.locale }, inb, reply.form, reply.notice);
  }
}
