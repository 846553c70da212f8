import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import type { Message, MessageFile } from '../message.js';
import {
  PermanentSendError,
  RateLimitedError,
  type PlatformSender,
  type SentRef,
  type Target,
} from '../ports.js';
import { toSlackMessage, type PendingImage } from './blocks.js';
import { parseSlackAddress } from './ids.js';
import { toSendError } from './slack-errors.js';

type WebClient = webApi.WebClient;

/** The metadata event type that marks a message as delivered by Baton's outbox. */
export const OUTBOX_EVENT_TYPE = 'baton_outbox';

export type SlackSenderOptions = {
  /** The workspace the bot token belongs to (mentions), or how to learn it (auth.test, once). */
  teamId: string | (() => Promise<string>);
  log?: Logger;
  /** How many recent messages `findSent` looks through. Default 100. */
  historyLimit?: number;
};

type HistoryMessage = {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { id?: unknown } };
  files?: { id?: string; name?: string }[];
};

/** What `files.uploadV2` answers: one completion per file, each listing the files it shared. */
type UploadResult = { files?: { files?: { id?: string }[] }[] };

/**
 * Slack's side of the outbox. Give it its OWN WebClient with `rejectRateLimitedCalls: true`:
 * @slack/web-api pauses a client's whole queue on a 429, and interactive replies must never wait
 * behind a digest. A 429 surfaces as RateLimitedError and the outbox waits.
 */
export function createSlackSender(client: WebClient, opts: SlackSenderOptions): PlatformSender {
  const dmChannels = new Map<string, string>();
  const teamId = async () => (typeof opts.teamId === 'string' ? opts.teamId : opts.teamId());

  async function channelOf(target: Target): Promise<string> {
    if (target.kind === 'channel') return target.id;
    const parsed = parseSlackAddress(target.address);
    if (!parsed) throw new PermanentSendError(`not a Slack address: ${target.address}`);
    const cached = dmChannels.get(parsed.userId);
    if (cached) return cached;
    const opened = await call(`conversations.open:${parsed.userId}`, () =>
      client.conversations.open({ users: parsed.userId }),
    );
    const id = opened.channel?.id;
    if (!id) throw new PermanentSendError(`Slack opened no DM with ${parsed.userId}`);
    dmChannels.set(parsed.userId, id);
    return id;
  }

  async function call<T>(scope: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toSendError(err, scope);
    }
  }

  /**
   * One file into a conversation through the upload flow: files.getUploadURLExternal, the bytes
   * to the URL it returns, files.completeUploadExternal with `channel_id` (`filesUploadV2`).
   */
  async function uploadFile(channel: string, file: Omit<MessageFile, 'mime'> & { alt?: string }) {
    const res = (await call(`files.uploadV2:${channel}`, () =>
      client.filesUploadV2({
        channel_id: channel,
        file: Buffer.from(file.bytes),
        filename: file.name,
        title: file.title,
        ...(file.alt && { alt_text: file.alt }),
      }),
    )) as UploadResult;
    const id = res.files?.[0]?.files?.[0]?.id;
    if (!id) throw new Error(`files.completeUploadExternal to ${channel} returned no file id`);
    return id;
  }

  /** PNGs (digest charts) follow their message in the same conversation, as files. */
  async function upload(channel: string, images: PendingImage[]): Promise<void> {
    for (const [i, image] of images.entries()) {
      try {
        await uploadFile(channel, {
          name: `baton-${i + 1}.png`,
          title: image.alt,
          alt: image.alt,
          bytes: image.png,
        });
      } catch (err) {
        // The message itself is delivered; a missing chart is not worth a second copy of it.
        opts.log?.warn({ err, channel }, 'slack image upload failed');
      }
    }
  }

  return {
    platform: 'slack',
    async send(target, message: Message, { dedupeId }): Promise<SentRef> {
      const channel = await channelOf(target);
      const rendered = toSlackMessage(message, { teamId: await teamId() });
      const res = await call(`chat.postMessage:${channel}`, () =>
        client.chat.postMessage({
          channel,
          text: rendered.text,
          blocks: rendered.blocks,
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { id: dedupeId } },
        }),
      );
      const ts = res.ts;
      if (!ts) throw new Error(`chat.postMessage to ${channel} returned no ts`);
      if (rendered.images.length) await upload(res.channel ?? channel, rendered.images);
      return { platform: 'slack', channel: res.channel ?? channel, id: ts };
    },
    async update(ref, message) {
      const rendered = toSlackMessage(message, { teamId: await teamId() });
      await call(`chat.update:${ref.channel}`, () =>
        client.chat.update({
          channel: ref.channel,
          ts: ref.id,
          text: rendered.text,
          blocks: rendered.blocks,
        }),
      );
    },
    async sendFile(target, file, { after }) {
      const channel = after.platform === 'slack' ? after.channel : await channelOf(target);
      return { platform: 'slack', channel, id: await uploadFile(channel, file) };
    },
    async findFile(target, file, after) {
      // Each file goes out once after its own message, under a name unique to that message.
      const channel = after.platform === 'slack' ? after.channel : await channelOf(target);
      const res = await call(`conversations.history:${channel}`, () =>
        client.conversations.history({ channel, oldest: after.id, limit: opts.historyLimit ?? 100 }),
      );
      const messages: HistoryMessage[] = res.messages ?? [];
      const id = messages.flatMap((m) => m.files ?? []).find((f) => f.name === file.name)?.id;
      return id ? { platform: 'slack', channel, id } : null;
    },
    async permalink(ref) {
      try {
        const res = await call(`chat.getPermalink:${ref.channel}`, () =>
          client.chat.getPermalink({ channel: ref.channel, message_ts: ref.id }),
        );
        return res.permalink;
      } catch (err) {
        // A 429 waits and tries again like a send; a card that is gone leaves the invite unlinked.
        if (err instanceof RateLimitedError) throw err;
        return undefined;
      }
    },
    async findSent(target, dedupeId) {
      const channel = await channelOf(target);
      const res = await call(`conversations.history:${channel}`, () =>
        client.conversations.history({
          channel,
          limit: opts.historyLimit ?? 100,
          include_all_metadata: true,
        }),
      );
      const messages: HistoryMessage[] = res.messages ?? [];
      const found = messages.find(
        (m) => m.metadata?.event_type === OUTBOX_EVENT_TYPE && m.metadata.event_payload?.id === dedupeId,
      );
      return found?.ts ? { platform: 'slack', channel, id: found.ts } : null;
    },
  };
}
