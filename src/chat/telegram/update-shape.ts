/**
 * What a Telegram update must look like before Baton records or runs it. Telegram sends one
 * object per update: an `update_id` and exactly one field naming what happened. A body that is
 * not that (`null`, `[]`, `{}`, an update with only its id, a message without its chat) is not a
 * delivery anyone can act on: it is acknowledged, logged once and never journalled, so neither
 * Telegram nor journal recovery tries it again.
 */
import { z } from 'zod';

const int = z.number().int();
const user = z.looseObject({ id: int, is_bot: z.boolean().optional(), first_name: z.string().optional() });
const chat = z.looseObject({ id: int, type: z.string() });

const message = z.looseObject({
  message_id: int,
  chat,
  from: user.optional(),
  text: z.string().optional(),
});

const callbackQuery = z.looseObject({
  id: z.string().min(1),
  from: user,
  message: z.looseObject({ message_id: int, chat }).optional(),
  data: z.string().optional(),
});

/** Anything else Telegram may send: whoever and wherever it names must be well formed. */
const other = z.looseObject({ from: user.optional(), chat: chat.optional() });

const MESSAGES = new Set([
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'business_message',
  'edited_business_message',
]);

/** What is wrong with a parsed webhook body as an update, in a few words; undefined when nothing. */
export function updateProblem(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return `expected an object, got ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}`;
  const { update_id: id, ...rest } = body as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return 'no update_id';
  const kinds = Object.keys(rest);
  if (kinds.length !== 1) return kinds.length === 0 ? 'nothing but an update_id' : 'more than one kind';
  const kind = kinds[0]!;
  const schema = MESSAGES.has(kind) ? message : kind === 'callback_query' ? callbackQuery : other;
  const parsed = schema.safeParse(rest[kind]);
  if (parsed.success) return undefined;
  return parsed.error.issues
    .slice(0, 3)
    .map((i) => `${[kind.slice(0, 40), ...i.path].join('.')}: ${i.message}`)
    .join('; ');
}
