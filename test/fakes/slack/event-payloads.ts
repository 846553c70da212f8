// Events API payloads as Slack sends them (send with `postToApp(url, 'event', ...)`).
import type { EnvelopedEvent } from '@slack/bolt';
import { actionTs, VERIFICATION_TOKEN, type PayloadSource } from './payload-common.js';

/** An Events API `event_callback` envelope around `event` (send with kind `event`). */
export function eventCallback<E extends { type: string }>(
  fake: PayloadSource,
  event: E,
  opts: { event_id?: string; event_time?: number } = {},
): EnvelopedEvent<E> {
  const now = Math.floor(Date.now() / 1000);
  return {
    token: VERIFICATION_TOKEN,
    team_id: fake.team.id,
    context_team_id: fake.team.id,
    api_app_id: fake.bot.appId,
    event,
    type: 'event_callback',
    event_id:
      opts.event_id ??
      `Ev${Date.now().toString(36).toUpperCase()}${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
    event_time: opts.event_time ?? now,
    authorizations: [
      {
        enterprise_id: null,
        team_id: fake.team.id,
        user_id: fake.bot.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

/** A user's plain message event in a channel or DM (wrap it with `eventCallback`). */
export function userMessage(
  fake: PayloadSource,
  input: { user: string; channel: string; text: string; thread_ts?: string },
) {
  const ts = actionTs();
  const channelType = input.channel.startsWith('D')
    ? 'im'
    : input.channel.startsWith('G')
      ? 'group'
      : 'channel';
  return {
    type: 'message' as const,
    channel: input.channel,
    user: input.user,
    text: input.text,
    ts,
    event_ts: ts,
    team: fake.team.id,
    channel_type: channelType,
    ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}),
  };
}

/** Slack's Events API URL check (send with kind `event`); Bolt answers `{ challenge }`. */
export function urlVerification(challenge = 'fake-slack-challenge') {
  return { token: VERIFICATION_TOKEN, challenge, type: 'url_verification' as const };
}
