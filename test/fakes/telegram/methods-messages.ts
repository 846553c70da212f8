/** Bot API methods about chats and messages, with Telegram's errors for their misuse. */
import { unixNow } from './chat-state.js';
import { botUser, type Core, type MethodHandler } from './core.js';
import { badRequest, forbidden } from './errors.js';
import { LIMITS, renderText } from './limits.js';
import type { TextEntity } from './telegram-html.js';
import type { StoredMessage } from './types.js';

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

/** The chat a bot may write to: it exists and, if private, its user has not blocked the bot. */
function writableChat(core: Core, chatId: unknown): number {
  const { chat } = core.chats.record(chatId);
  if (chat.type === 'private' && core.chats.blockedBy.has(chat.id))
    throw forbidden('bot was blocked by the user');
  return chat.id;
}

/** Only an inline keyboard stays attached to a message. */
function inlineMarkup(markup: unknown): Record<string, unknown> | undefined {
  return markup && typeof markup === 'object' && 'inline_keyboard' in markup
    ? (JSON.parse(JSON.stringify(markup)) as Record<string, unknown>)
    : undefined;
}

function messageText(p: Record<string, unknown>): { text: string; entities: TextEntity[] } {
  const parsed = renderText(typeof p.text === 'string' ? p.text : '', p.parse_mode, p.entities);
  if (parsed.text.length === 0) throw badRequest('message text is empty');
  if (parsed.text.length > LIMITS.text) throw badRequest('message is too long');
  return parsed;
}

function replyTarget(core: Core, chatId: number, p: Record<string, unknown>): number | undefined {
  const params = p.reply_parameters as
    { message_id?: unknown; allow_sending_without_reply?: unknown } | undefined;
  const id = params?.message_id ?? p.reply_to_message_id;
  if (id === undefined) return undefined;
  if (core.chats.find(chatId, id)) return Number(id);
  if (params?.allow_sending_without_reply === true || p.allow_sending_without_reply === true)
    return undefined;
  throw badRequest('message to be replied not found');
}

/** The bot's own live message, for editing. */
function editable(core: Core, token: string, p: Record<string, unknown>): StoredMessage {
  if (p.inline_message_id !== undefined) throw badRequest('the fake does not support inline messages');
  const m = core.chats.find(p.chat_id, p.message_id);
  if (!m) throw badRequest('message to edit not found');
  if (m.botToken !== token) throw badRequest("message can't be edited");
  return m;
}

function keepVersion(m: StoredMessage): void {
  m.edits.push({
    ...(m.text !== undefined && { text: m.text }),
    ...(m.caption !== undefined && { caption: m.caption }),
    entities: m.entities,
    ...(m.reply_markup !== undefined && { reply_markup: m.reply_markup }),
    replacedAt: Date.now(),
  });
  m.edit_date = unixNow();
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function sendFile(kind: 'photo' | 'document'): MethodHandler {
  return (core, bot, p, ctx) => {
    const chatId = writableChat(core, p.chat_id);
    const value = p[kind];
    const upload = ctx.files.find((f) => f.field === kind && value === `attach://${kind}`);
    if (!upload && (typeof value !== 'string' || value === ''))
      throw badRequest(`there is no ${kind} in the request`);
    const caption = renderText(
      typeof p.caption === 'string' ? p.caption : '',
      p.parse_mode,
      p.caption_entities,
    );
    if (caption.text.length > LIMITS.caption) throw badRequest('message caption is too long');
    const m = core.chats.append(chatId, {
      from: botUser(bot),
      botToken: bot.token,
      kind,
      ...(caption.text && { caption: caption.text }),
      entities: caption.entities,
      ...(typeof p.caption === 'string' && {
        source: { text: p.caption, parse_mode: p.parse_mode as string },
      }),
      reply_markup: inlineMarkup(p.reply_markup),
      file: { file_id: upload ? core.newFileId() : String(value), ...(upload && { upload }) },
      reply_to_message_id: replyTarget(core, chatId, p),
    });
    return core.chats.wire(m);
  };
}

export const MESSAGE_METHODS: Record<string, MethodHandler> = {
  sendMessage(core, bot, p) {
    const chatId = writableChat(core, p.chat_id);
    const { text, entities } = messageText(p);
    const m = core.chats.append(chatId, {
      from: botUser(bot),
      botToken: bot.token,
      kind: 'text',
      text,
      entities,
      source: { text: String(p.text), ...(typeof p.parse_mode === 'string' && { parse_mode: p.parse_mode }) },
      reply_markup: inlineMarkup(p.reply_markup),
      reply_to_message_id: replyTarget(core, chatId, p),
    });
    return core.chats.wire(m);
  },

  editMessageText(core, bot, p) {
    const m = editable(core, bot.token, p);
    if (m.kind !== 'text') throw badRequest('there is no text in the message to edit');
    const { text, entities } = messageText(p);
    const markup = inlineMarkup(p.reply_markup); // omitting reply_markup removes the keyboard
    if (text === m.text && same(entities, m.entities) && same(markup, m.reply_markup))
      throw badRequest(NOT_MODIFIED);
    keepVersion(m);
    Object.assign(m, { text, entities, reply_markup: markup });
    m.source = {
      text: String(p.text),
      ...(typeof p.parse_mode === 'string' && { parse_mode: p.parse_mode }),
    };
    return core.chats.wire(m);
  },

  editMessageReplyMarkup(core, bot, p) {
    const m = editable(core, bot.token, p);
    const markup = inlineMarkup(p.reply_markup);
    if (same(markup, m.reply_markup)) throw badRequest(NOT_MODIFIED);
    keepVersion(m);
    m.reply_markup = markup;
    return core.chats.wire(m);
  },

  deleteMessage(core, _bot, p) {
    const m = core.chats.find(p.chat_id, p.message_id);
    if (!m) throw badRequest('message to delete not found');
    m.deleted = true;
    return true;
  },

  sendPhoto: sendFile('photo'),
  sendDocument: sendFile('document'),

  sendChatAction(core, _bot, p) {
    writableChat(core, p.chat_id);
    return true;
  },

  answerCallbackQuery(core, bot, p) {
    const query = core.callbackQueries.get(String(p.callback_query_id));
    if (!query || query.answered || query.token !== bot.token) {
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    query.answered = true;
    return true;
  },

  getChat(core, _bot, p) {
    return { ...core.chats.record(p.chat_id).chat, accent_color_id: 0, max_reaction_count: 11 };
  },

  getChatMember(core, bot, p) {
    const { chat, members } = core.chats.record(p.chat_id);
    const userId = Number(p.user_id);
    if (userId === bot.me.id) return { status: 'member', user: botUser(bot) };
    const user = core.chats.users.get(userId);
    if (!user) throw badRequest('user not found');
    const member = chat.type === 'private' ? chat.id === userId : members.has(userId);
    return member ? { status: 'member', user } : { status: 'left', user };
  },
};
