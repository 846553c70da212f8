/**
 * Sending one neutral message to one chat: every part in order (text split past 4096
 * characters, photos with captions), the inline keyboard on the last part.
 */
import type { Telegram } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Logger } from '../../logger.js';
import type { Message } from '../message.js';
import { PermanentSendError } from '../ports.js';
import { renderMessage, type TelegramPart } from './html.js';
import type { CallbackStash } from './callback-stash-port.js';
import { actionsKeyboard } from './keyboards.js';
import { isUnreachable, mapSendError } from './send-errors.js';

export type OutgoingOptions = {
  stash?: CallbackStash;
  log?: Pick<Logger, 'warn'>;
  /** Reply to this message of the chat (groups: answer a command where it was typed). */
  replyTo?: number;
};

/** Sends one part; a photo Telegram refuses falls back to its alt text. Returns the message id. */
export async function sendPart(
  telegram: Telegram,
  chatId: number,
  part: TelegramPart,
  markup: InlineKeyboardMarkup | undefined,
  opts: OutgoingOptions = {},
): Promise<number> {
  const extra = {
    parse_mode: 'HTML' as const,
    ...(markup && { reply_markup: markup }),
    ...(opts.replyTo !== undefined && {
      reply_parameters: { message_id: opts.replyTo, allow_sending_without_reply: true },
    }),
  };
  if (part.kind === 'text') {
    const sent = await telegram.sendMessage(chatId, part.html, {
      ...extra,
      link_preview_options: { is_disabled: true },
    });
    return sent.message_id;
  }
  // A URL goes to Telegram as a string (Telegram fetches it); bytes are uploaded.
  const photo = 'url' in part.photo ? part.photo.url : { source: Buffer.from(part.photo.png), filename: 'image.png' };
  try {
    return (await telegram.sendPhoto(chatId, photo, { ...extra, caption: part.caption })).message_id;
  } catch (err) {
    const refused = mapSendError(err, `telegram:${chatId}`) instanceof PermanentSendError && !isUnreachable(err);
    if (!refused) throw err;
    opts.log?.warn({ err, chatId }, 'telegram refused a photo; sending its alt text instead');
    return sendPart(telegram, chatId, { kind: 'text', html: part.fallbackHtml }, markup, opts);
  }
}

/** Sends a whole message; returns the id of the last part (the one with the keyboard). */
export async function sendMessageTo(
  telegram: Telegram,
  chatId: number,
  message: Message,
  opts: OutgoingOptions = {},
): Promise<number> {
  const { parts, buttons } = renderMessage(message);
  const markup = await actionsKeyboard(buttons, opts.stash);
  let last = 0;
  for (const [i, part] of parts.entries()) {
    const isLast = i === parts.length - 1;
    last = await sendPart(telegram, chatId, part, isLast ? markup : undefined, {
      ...opts,
      ...(i > 0 && { replyTo: undefined }),
    });
  }
  return last;
}
