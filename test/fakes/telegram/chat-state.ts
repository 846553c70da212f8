/** Chats, their members and messages: what tests assert on ("the card was edited in the DM"). */
import { badRequest } from './errors.js';
import type { ChatRef, FakeChat, FakeUser, StoredMessage } from './types.js';

interface ChatRecord {
  chat: FakeChat;
  members: Set<number>;
  messages: StoredMessage[];
  nextMessageId: number;
}

export const unixNow = (): number => Math.floor(Date.now() / 1000);

export class ChatState {
  readonly users = new Map<number, FakeUser>();
  private readonly chats = new Map<number, ChatRecord>();
  /** User ids that blocked the bots. */
  readonly blockedBy = new Set<number>();

  addUser(user: FakeUser): FakeUser {
    this.users.set(user.id, user);
    const existing = this.chats.get(user.id);
    const chat: FakeChat = {
      id: user.id,
      type: 'private',
      first_name: user.first_name,
      ...(user.last_name !== undefined && { last_name: user.last_name }),
      ...(user.username !== undefined && { username: user.username }),
    };
    if (existing) existing.chat = chat;
    else this.chats.set(user.id, { chat, members: new Set([user.id]), messages: [], nextMessageId: 1 });
    return user;
  }

  addGroup(chat: FakeChat, members: readonly FakeUser[]): FakeChat {
    const record = this.chats.get(chat.id) ?? {
      chat,
      members: new Set<number>(),
      messages: [],
      nextMessageId: 1,
    };
    record.chat = chat;
    for (const m of members) {
      this.users.set(m.id, m);
      record.members.add(m.id);
    }
    this.chats.set(chat.id, record);
    return chat;
  }

  idOf(ref: ChatRef): number {
    return typeof ref === 'number' ? ref : ref.id;
  }

  /** The chat or Telegram's "chat not found". */
  record(chatId: unknown): ChatRecord {
    const id = typeof chatId === 'string' && /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
    const record = typeof id === 'number' ? this.chats.get(id) : undefined;
    if (!record) throw badRequest('chat not found');
    return record;
  }

  chat(ref: ChatRef): FakeChat {
    return this.record(this.idOf(ref)).chat;
  }

  /** The chat's type, when the fake knows the chat. */
  typeOf(chatId: number): FakeChat['type'] | undefined {
    return this.chats.get(chatId)?.chat.type;
  }

  isMember(chatId: number, userId: number): boolean {
    return this.chats.get(chatId)?.members.has(userId) ?? false;
  }

  addMember(chatId: number, userId: number): void {
    this.chats.get(chatId)?.members.add(userId);
  }

  append(
    chatId: number,
    fields: Omit<StoredMessage, 'chat_id' | 'message_id' | 'date' | 'edits' | 'deleted'>,
  ): StoredMessage {
    const record = this.record(chatId);
    const message: StoredMessage = {
      ...fields,
      chat_id: record.chat.id,
      message_id: record.nextMessageId++,
      date: unixNow(),
      edits: [],
      deleted: false,
    };
    record.messages.push(message);
    return message;
  }

  /** A live message, or undefined. */
  find(chatId: unknown, messageId: unknown): StoredMessage | undefined {
    const record = this.record(chatId);
    const id = Number(messageId);
    return record.messages.find((m) => m.message_id === id && !m.deleted);
  }

  messagesIn(chatId: number, includeDeleted = false): StoredMessage[] {
    const messages = this.chats.get(chatId)?.messages ?? [];
    return includeDeleted ? [...messages] : messages.filter((m) => !m.deleted);
  }

  reset(): void {
    this.users.clear();
    this.chats.clear();
    this.blockedBy.clear();
  }

  /** The message as the Bot API serialises it in results and updates. */
  wire(m: StoredMessage): Record<string, unknown> {
    const chat = this.chats.get(m.chat_id)?.chat ?? { id: m.chat_id, type: 'private' };
    const out: Record<string, unknown> = { message_id: m.message_id, from: m.from, chat, date: m.date };
    if (m.edit_date !== undefined) out.edit_date = m.edit_date;
    if (m.reply_to_message_id !== undefined) {
      const replied = this.chats.get(m.chat_id)?.messages.find((x) => x.message_id === m.reply_to_message_id);
      if (replied) out.reply_to_message = this.wire({ ...replied, reply_to_message_id: undefined });
    }
    const entities = m.entities.length > 0 ? m.entities : undefined;
    if (m.kind === 'text') Object.assign(out, { text: m.text, entities });
    else Object.assign(out, { caption: m.caption, caption_entities: entities });
    const fileId = m.file?.file_id ?? '';
    const upload = m.file?.upload;
    if (m.kind === 'photo') {
      out.photo = [
        { file_id: fileId, file_unique_id: `u${fileId}`, width: 320, height: 240, file_size: upload?.size },
      ];
    } else if (m.kind === 'document') {
      out.document = {
        file_id: fileId,
        file_unique_id: `u${fileId}`,
        file_name: upload?.filename,
        mime_type: upload?.mimeType,
        file_size: upload?.size,
      };
    }
    if (m.reply_markup) out.reply_markup = m.reply_markup;
    return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
  }
}
