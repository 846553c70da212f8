/**
 * The outbox's way out to Telegram: DMs to `telegram:<user id>` (a private chat's id is the
 * user's id), team groups by chat id; HTML text with an inline keyboard, split when too long.
 *
 * There is no `findSent` (nor `findFile`): the Bot API cannot list what a bot sent, so after a
 * crash between Telegram's answer and the outbox recording it, that message or document may go
 * out twice. The window is one HTTP round trip; the outbox's ledger closes everything else.
 */
import type { Telegram } from 'telegraf';
import type { Logger } from '../../logger.js';
import { PermanentSendError, type PlatformSender, type SentRef, type Target } from '../ports.js';
import { renderForEdit } from './html.js';
import type { CallbackStash } from './callback-stash-port.js';
import { actionsKeyboard } from './keyboards.js';
import { sendMessageTo } from './outgoing.js';
import { isNotModified, mapSendError, migratedTo } from './send-errors.js';

export type TelegramSenderOptions = {
  /** Keeps button actions too long for callback_data (see keyboards.ts). */
  stash?: CallbackStash;
  log?: Logger;
  /** Told when Telegram moved a group to a new chat id (so the team's channel follows it). */
  onChatMoved?: (from: string, to: string) => Promise<void>;
};

/** The chat id for a target; PermanentSendError when it is not a Telegram one. */
export function chatIdOf(target: Target): number {
  const raw =
    target.kind === 'dm'
      ? /^telegram:(-?\d+)$/.exec(target.address)?.[1]
      : target.platform === 'telegram' && /^-?\d+$/.test(target.id)
        ? target.id
        : undefined;
  if (raw === undefined) throw new PermanentSendError(`not a Telegram target: ${JSON.stringify(target)}`);
  return Number(raw);
}

/** Creates the Telegram {@link PlatformSender} over a telegraf `Telegram` client. */
export function createTelegramSender(telegram: Telegram, opts: TelegramSenderOptions = {}): PlatformSender {
  const out = { ...(opts.stash && { stash: opts.stash }), ...(opts.log && { log: opts.log }) };
  return {
    platform: 'telegram',
    async send(target, message) {
      let chatId = chatIdOf(target);
      try {
        let id: number;
        try {
          id = await sendMessageTo(telegram, chatId, message, out);
        } catch (err) {
          const to = migratedTo(err);
          if (to === undefined) throw err;
          opts.log?.info({ from: chatId, to }, 'telegram group became a supergroup; sending there');
          await opts.onChatMoved?.(String(chatId), String(to));
          chatId = to;
          id = await sendMessageTo(telegram, chatId, message, out);
        }
        // The message with the keyboard is the one cards are edited through.
        return { platform: 'telegram', channel: String(chatId), id: String(id) } satisfies SentRef;
      } catch (err) {
        throw mapSendError(err, `telegram:${chatId}`);
      }
    },
    async sendFile(target, file, { after }) {
      // The chat the message went to (a group may have moved to a new id since the target was set).
      const chatId = after.platform === 'telegram' ? Number(after.channel) : chatIdOf(target);
      try {
        const sent = await telegram.sendDocument(
          chatId,
          { source: Buffer.from(file.bytes), filename: file.name },
          { caption: file.title.slice(0, 1024) },
        );
        return {
          platform: 'telegram',
          channel: String(chatId),
          id: String(sent.message_id),
        } satisfies SentRef;
      } catch (err) {
        throw mapSendError(err, `telegram:${chatId}`);
      }
    },
    permalink(ref) {
      // Supergroups (ids -100…) have message links members can open; basic groups and DMs have none.
      const group = /^-100(\d+)$/.exec(ref.channel)?.[1];
      return Promise.resolve(group ? `https://t.me/c/${group}/${ref.id}` : undefined);
    },
    async update(ref, message) {
      const { html, buttons } = renderForEdit(message);
      const markup = await actionsKeyboard(buttons, opts.stash);
      try {
        await telegram.editMessageText(ref.channel, Number(ref.id), undefined, html, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          ...(markup && { reply_markup: markup }),
        });
      } catch (err) {
        if (isNotModified(err)) return;
        throw mapSendError(err, `telegram:${ref.channel}`);
      }
    },
  };
}
