import { RespondError, type RespondFn, type webApi } from '@slack/bolt';
import type { Reply } from '../interactions/types.js';
import type { Message } from '../message.js';
import { toSlackMessage } from './blocks.js';
import { formToModal } from './forms-to-modal.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

type WebClient = webApi.WebClient;

/** Where an interactive answer can go for one request. */
export type ReplyRoute = {
  client: WebClient;
  teamId: string;
  userId: string;
  /** The request's response_url (commands, message buttons); absent for Home tab and modals. */
  respond?: RespondFn;
  responseUrl?: string;
  /** The interaction's trigger_id, for opening a modal (valid 3 s, once). */
  triggerId?: string;
  /** The channel the request came from. */
  channelId?: string;
};

/**
 * A `respond()` for a response_url kept from an earlier request (a modal carries its command's):
 * Bolt builds one only for the request in hand. Fails like Bolt's, with a RespondError.
 */
export function respondTo(url: string): RespondFn {
  return async (message) => {
    const body = typeof message === 'string' ? { text: message } : message;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new RespondError(`response_url answered ${res.status}`, res.status);
    return res;
  };
}

/** An expired or used-up response_url (30 minutes, 5 uses): Slack answers 404. */
function isGoneResponseUrl(err: unknown): boolean {
  const e = err as { code?: unknown; statusCode?: unknown } | null;
  return e?.code === 'slack_bolt_respond_error' && e.statusCode === 404;
}

/** A message to the speaker: ephemeral through the response_url, else a DM; `in_channel` goes to the channel. */
export async function replyMessage(
  message: Message,
  visibility: 'ephemeral' | 'in_channel',
  route: ReplyRoute,
): Promise<void> {
  const { text, blocks } = toSlackMessage(message, { teamId: route.teamId });
  if (route.respond) {
    try {
      await route.respond({ response_type: visibility, replace_original: false, text, blocks });
      return;
    } catch (err) {
      // An expired or used-up response_url (30 min, 5 uses): the DM still reaches the speaker.
      if (!isGoneResponseUrl(err) || visibility === 'in_channel') throw err;
    }
  }
  const channel = visibility === 'in_channel' && route.channelId ? route.channelId : route.userId;
  await route.client.chat.postMessage({ channel, text, blocks, unfurl_links: false });
}

/** A one-line acknowledgement or refusal after a button (≤ 200 characters), seen by the presser only. */
export async function replyToast(toast: string, route: ReplyRoute): Promise<void> {
  const text = escapeMrkdwn(truncate(toast.trim(), 200));
  if (!text) return;
  if (route.respond) {
    await route.respond({ response_type: 'ephemeral', replace_original: false, text });
    return;
  }
  await route.client.chat.postMessage({ channel: route.userId, text });
}

/** Renders an interactions `Reply`: a message, a modal (views.open with the trigger_id), or nothing. */
export async function sendReply(reply: Reply, route: ReplyRoute): Promise<void> {
  switch (reply.kind) {
    case 'none':
      return;
    case 'message':
      return replyMessage(reply.message, reply.visibility, route);
    case 'form': {
      if (!route.triggerId)
        throw new Error(`cannot open form ${reply.form.id}: the request has no trigger_id`);
      // The trigger_id expires 3 s after the click: open first, say anything else after.
      await route.client.views.open({
        trigger_id: route.triggerId,
        view: formToModal(reply.form, {
          ...(route.responseUrl ? { responseUrl: route.responseUrl } : {}),
          ...(route.channelId ? { channel: route.channelId } : {}),
        }),
      });
      if (reply.notice) await replyMessage(reply.notice, 'ephemeral', route);
      return;
    }
  }
}
