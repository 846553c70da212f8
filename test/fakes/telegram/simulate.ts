/** What simulated users do: write messages (commands included) and tap inline buttons. */
import type { CallLog } from './call-log.js';
import type { Core } from './core.js';
import type { TextEntity } from './telegram-html.js';
import type { ApiCall, ChatRef, FakeUser, StoredMessage, WireUpdate } from './types.js';
import type { BotState } from './updates.js';

export interface SimulationDeps {
  core: Core;
  log: CallLog;
  /** The bot for `token`, or the first bot when `token` is undefined; throws for an unknown token. */
  bot(token?: string): BotState;
}

/** Telegram clients mark a leading `/command` (with its `@botname`, if any) as a bot_command entity. */
export function commandEntities(text: string): TextEntity[] {
  const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text)?.[0];
  return command ? [{ type: 'bot_command', offset: 0, length: command.length }] : [];
}

export function sendText(
  deps: SimulationDeps,
  chatRef: ChatRef,
  from: FakeUser,
  text: string,
  opts: { bot?: string; replyTo?: StoredMessage } = {},
): StoredMessage {
  const { chats } = deps.core;
  const chatId = chats.idOf(chatRef);
  if (chatId === from.id && !chats.users.has(from.id)) chats.addUser(from);
  chats.users.set(from.id, from);
  chats.addMember(chatId, from.id);
  const message = chats.append(chatId, {
    from,
    kind: 'text',
    text,
    entities: commandEntities(text),
    ...(opts.replyTo && { reply_to_message_id: opts.replyTo.message_id }),
  });
  message.update_id = deps.core.updates.enqueue(deps.bot(opts.bot), {
    message: chats.wire(message),
  }).update_id;
  return message;
}

let queryCounter = 0;

export function tapButton(
  deps: SimulationDeps,
  message: Pick<StoredMessage, 'chat_id' | 'message_id'>,
  callbackData: string,
  from: FakeUser,
  opts: { timeoutMs?: number } = {},
): Promise<ApiCall<'answerCallbackQuery'>> {
  const { chats } = deps.core;
  const current = chats.find(message.chat_id, message.message_id);
  const where = `message ${message.message_id} in chat ${message.chat_id}`;
  if (!current?.botToken) throw new Error(`${where} is not a live message sent by a bot`);
  const rows = (current.reply_markup?.inline_keyboard ?? []) as { text?: string; callback_data?: string }[][];
  const buttons = rows.flat();
  if (!buttons.some((b) => b.callback_data === callbackData)) {
    const has = buttons
      .map((b) => `${JSON.stringify(b.text)} → ${JSON.stringify(b.callback_data)}`)
      .join(', ');
    throw new Error(
      `${where} has no button with callback_data ${JSON.stringify(callbackData)} (buttons: ${has || 'none'})`,
    );
  }
  chats.users.set(from.id, from);
  chats.addMember(message.chat_id, from.id);
  const id = `${Date.now().toString(36)}${(++queryCounter).toString(36)}`;
  deps.core.callbackQueries.set(id, { token: current.botToken, answered: false });
  const answered = deps.log.waitForCall(
    'answerCallbackQuery',
    (c) => (c.params as { callback_query_id?: unknown }).callback_query_id === id,
    opts.timeoutMs ?? 5000,
  ) as Promise<ApiCall<'answerCallbackQuery'>>;
  answered.catch(() => undefined); // a test that does not await the answer must not crash on its timeout
  deps.core.updates.enqueue(deps.bot(current.botToken), {
    callback_query: {
      id,
      from,
      message: chats.wire(current),
      chat_instance: `ci${Math.abs(message.chat_id)}`,
      data: callbackData,
    },
  });
  return answered;
}

export function enqueueUpdate(
  deps: SimulationDeps,
  raw: Record<string, unknown>,
  opts: { bot?: string } = {},
): WireUpdate {
  const { update_id: _ignored, ...rest } = raw;
  return deps.core.updates.enqueue(deps.bot(opts.bot), rest);
}
