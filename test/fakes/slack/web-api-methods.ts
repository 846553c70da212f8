// Web API methods other than views.*: auth, chat, conversations, users, files (upload v2).
import { createHash } from 'node:crypto';
import { checkMessage } from './block-kit-validator.js';
import { dmChannelFor, withBlockIds, type FakeUser, type Ids, type StoredMessage } from './slack-state.js';
import { conversationsHistory } from './web-api-history.js';
import { viewMethods } from './web-api-views.js';
import {
  bool,
  fail,
  ok,
  refuse,
  str,
  type Args,
  type MethodContext,
  type MethodHandler,
} from './web-api-reply.js';

/**
 * The channel a message goes to: a conversation id as is, a user id as the DM with that user
 * (what Slack does), anything else is not a channel.
 */
export function resolveChannel(channel: string | undefined): string | undefined {
  if (channel === undefined) return undefined;
  if (/^[UW][A-Z0-9]+$/.test(channel)) return dmChannelFor(channel);
  return /^[CDG][A-Z0-9]+$/.test(channel) ? channel : undefined;
}

/** The message fields Slack keeps from arguments. */
export function messageFields(args: Args, ids: Ids): Partial<StoredMessage> {
  const fields: Partial<StoredMessage> = {};
  const text = str(args, 'text');
  if (text !== undefined) fields.text = text;
  if (Array.isArray(args.blocks)) fields.blocks = withBlockIds(args.blocks, ids);
  const thread = str(args, 'thread_ts');
  if (thread !== undefined) fields.thread_ts = thread;
  if (args.metadata !== undefined) fields.metadata = args.metadata;
  return fields;
}

function newMessage(channel: string, args: Args, ctx: MethodContext): StoredMessage {
  return {
    type: 'message',
    channel,
    ts: ctx.ids.ts(),
    user: ctx.bot.userId,
    bot_id: ctx.bot.botId,
    app_id: ctx.bot.appId,
    team: ctx.team.id,
    ...messageFields(args, ctx.ids),
  };
}

/** The message object Slack returns (it carries no `channel`). */
function asReturned(m: StoredMessage): Record<string, unknown> {
  const { channel: _channel, ephemeral_to: _to, ...rest } = m;
  return rest;
}

function slackUser(u: FakeUser, includeLocale: boolean): Record<string, unknown> {
  const { email, locale, ...rest } = u;
  return {
    ...rest,
    color: '9f69e7',
    is_admin: false,
    is_owner: false,
    is_app_user: false,
    updated: 1700000000,
    profile: { real_name: u.real_name, display_name: u.name, ...(email ? { email } : {}), team: u.team_id },
    ...(includeLocale ? { locale } : {}),
  };
}

const chatPostMessage: MethodHandler = (args, ctx) => {
  const channel = resolveChannel(str(args, 'channel'));
  if (!channel) return fail('channel_not_found');
  const invalid = checkMessage(args, ctx.validation);
  if (invalid) return refuse(invalid);
  const message = newMessage(channel, args, ctx);
  ctx.state.channelMessages(channel).push(message);
  return ok({ channel, ts: message.ts, message: asReturned(message) });
};

const chatPostEphemeral: MethodHandler = (args, ctx) => {
  const channel = resolveChannel(str(args, 'channel'));
  if (!channel) return fail('channel_not_found');
  const user = str(args, 'user');
  if (!user) return fail('user_not_in_channel');
  const invalid = checkMessage(args, ctx.validation);
  if (invalid) return refuse(invalid);
  const message = { ...newMessage(channel, args, ctx), ephemeral_to: user };
  const list = ctx.state.ephemerals.get(channel) ?? [];
  ctx.state.ephemerals.set(channel, [...list, message]);
  return ok({ message_ts: message.ts });
};

/** Without `blocks` the message keeps its blocks (as Slack keeps attachments); `text` likewise. */
const chatUpdate: MethodHandler = (args, ctx) => {
  const channel = resolveChannel(str(args, 'channel'));
  const ts = str(args, 'ts');
  const message = channel && ts ? ctx.state.findMessage(channel, ts) : undefined;
  if (!message) return fail(channel ? 'message_not_found' : 'channel_not_found');
  const invalid = checkMessage(args, ctx.validation);
  if (invalid) return refuse(invalid);
  Object.assign(message, messageFields(args, ctx.ids), {
    edited: { user: ctx.bot.userId, ts: ctx.ids.ts() },
  });
  return ok({ channel, ts, text: message.text ?? '', message: asReturned(message) });
};

const chatDelete: MethodHandler = (args, ctx) => {
  const channel = resolveChannel(str(args, 'channel'));
  const ts = str(args, 'ts');
  if (!channel) return fail('channel_not_found');
  if (!ts || !ctx.state.deleteMessage(channel, ts)) return fail('message_not_found');
  return ok({ channel, ts });
};

const conversationsOpen: MethodHandler = (args) => {
  const existing = str(args, 'channel');
  if (existing) return ok({ no_op: true, already_open: true, channel: { id: existing } });
  const raw = args.users;
  const list: unknown[] = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
  const users = list
    .filter((u): u is string => typeof u === 'string')
    .map((u) => u.trim())
    .filter(Boolean);
  if (users.length === 0) return fail('users_list_not_supplied');
  if (users.some((u) => !/^[UW][A-Z0-9]+$/.test(u))) return fail('user_not_found');
  const id =
    users.length === 1
      ? dmChannelFor(users[0]!)
      : `G${createHash('sha1')
          .update([...users].sort().join(','))
          .digest('hex')
          .slice(0, 10)
          .toUpperCase()}`;
  return ok({ no_op: true, already_open: true, channel: { id } });
};

const usersInfo: MethodHandler = (args, ctx) => {
  const user = ctx.state.users.get(str(args, 'user') ?? '');
  return user ? ok({ user: slackUser(user, bool(args, 'include_locale')) }) : fail('user_not_found');
};

const usersLookupByEmail: MethodHandler = (args, ctx) => {
  const email = str(args, 'email')?.toLowerCase();
  const user = [...ctx.state.users.values()].find((u) => u.email?.toLowerCase() === email);
  return user ? ok({ user: slackUser(user, false) }) : fail('users_not_found');
};

const getUploadUrl: MethodHandler = (args, ctx) => {
  const filename = str(args, 'filename');
  const length = Number(str(args, 'length'));
  if (!filename || !Number.isInteger(length) || length < 1) return fail('invalid_arguments');
  const id = ctx.ids.file();
  ctx.state.files.set(id, { id, filename, length });
  return ok({ upload_url: `${ctx.origin}/upload/${id}`, file_id: id });
};

const completeUpload: MethodHandler = (args, ctx) => {
  const list = Array.isArray(args.files) ? (args.files as { id?: unknown; title?: unknown }[]) : undefined;
  if (!list || list.length === 0) return fail('invalid_arguments');
  const files = [];
  for (const f of list) {
    const file = ctx.state.files.get(String(f.id));
    if (!file || file.received === undefined) return fail('file_not_found');
    file.title = typeof f.title === 'string' ? f.title : file.filename;
    files.push({ id: file.id, name: file.filename, title: file.title });
  }
  const channelArg = str(args, 'channel_id');
  if (channelArg) {
    const channel = resolveChannel(channelArg);
    if (!channel) return fail('channel_not_found');
    const text = str(args, 'initial_comment');
    const message = { ...newMessage(channel, { ...(text ? { text } : {}) }, ctx), files };
    ctx.state.channelMessages(channel).push(message);
    for (const f of list) {
      const file = ctx.state.files.get(String(f.id))!;
      file.sharedTo = [...(file.sharedTo ?? []), channel];
    }
  }
  return ok({ files });
};

/** A message's permalink, in the form Slack gives (`https://<domain>.slack.com/archives/C…/p<ts>`). */
const chatGetPermalink: MethodHandler = (args, ctx) => {
  const channel = resolveChannel(str(args, 'channel'));
  if (!channel) return fail('channel_not_found');
  const ts = str(args, 'message_ts');
  if (!ts || !ctx.state.channelMessages(channel).some((m) => m.ts === ts)) return fail('message_not_found');
  return ok({
    channel,
    permalink: `https://${ctx.team.domain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`,
  });
};

/** Every method the fake implements, by Web API name. */
export const webApiMethods: Record<string, MethodHandler> = {
  'api.test': (args: Args) => ok({ args }),
  'auth.test': (_args, ctx) =>
    ok({
      url: `https://${ctx.team.domain}.slack.com/`,
      team: ctx.team.name,
      user: ctx.bot.name,
      team_id: ctx.team.id,
      user_id: ctx.bot.userId,
      bot_id: ctx.bot.botId,
      is_enterprise_install: false,
    }),
  'chat.postMessage': chatPostMessage,
  'chat.postEphemeral': chatPostEphemeral,
  'chat.update': chatUpdate,
  'chat.delete': chatDelete,
  'chat.getPermalink': chatGetPermalink,
  'conversations.open': conversationsOpen,
  'conversations.history': conversationsHistory,
  'users.info': usersInfo,
  'users.lookupByEmail': usersLookupByEmail,
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
  ...viewMethods,
};
