// The fake's response_urls (`POST /response/<id>`), which Bolt's `respond()` posts JSON to.
// Slack's rules: up to 5 uses within 30 minutes; `delete_original` / `replace_original` act on the
// message the interaction came from; otherwise a new message, ephemeral unless
// `response_type: 'in_channel'`.
import { checkMessage } from './block-kit-validator.js';
import type { StoredMessage } from './slack-state.js';
import { messageFields } from './web-api-methods.js';
import { fail, ok, refuse, type MethodContext, type Reply } from './web-api-reply.js';

const MAX_USES = 5;
const LIFETIME_MS = 30 * 60_000;

/** Hands out a response_url for an interaction by `user` in `channel` (about `messageTs`, if any). */
export function issueResponseUrl(
  ctx: MethodContext,
  origin: { channel: string; user: string; messageTs?: string },
): string {
  const id = ctx.ids.secret();
  ctx.state.responseUrls.set(id, { ...origin, issuedAt: Date.now(), uses: 0 });
  return `${ctx.origin}/response/${id}`;
}

function findOriginal(
  ctx: MethodContext,
  channel: string,
  ts: string,
): { list: StoredMessage[]; index: number } | undefined {
  for (const list of [ctx.state.messages.get(channel), ctx.state.ephemerals.get(channel)]) {
    const index = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (list && index >= 0) return { list, index };
  }
  return undefined;
}

const withStatus = (reply: Reply, status: number): Reply => ({ ...reply, status });

/** Applies a response_url POST to the workspace. */
export function postToResponseUrl(id: string, body: unknown, ctx: MethodContext): Reply {
  const issued = ctx.state.responseUrls.get(id);
  if (!issued) return withStatus(fail('invalid_url'), 404);
  if (Date.now() - issued.issuedAt > LIFETIME_MS) return withStatus(fail('expired_url'), 404);
  if (issued.uses >= MAX_USES) return withStatus(fail('used_url'), 404);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return withStatus(fail('invalid_payload'), 400);
  issued.uses += 1;
  const args = body as Record<string, unknown>;
  const original = issued.messageTs ? findOriginal(ctx, issued.channel, issued.messageTs) : undefined;

  if (args.delete_original === true) {
    if (!original) return withStatus(fail('message_not_found'), 404);
    original.list.splice(original.index, 1);
    return ok();
  }
  const invalid = checkMessage(args, ctx.validation);
  if (invalid) return refuse(invalid, 400);

  const fields = messageFields(args, ctx.ids);

  if (args.replace_original === true && issued.messageTs) {
    if (!original) return withStatus(fail('message_not_found'), 404);
    const message = original.list[original.index]!;
    const { blocks: _b, text: _t, ...kept } = message;
    original.list[original.index] = {
      ...kept,
      ...fields,
      edited: { user: ctx.bot.userId, ts: ctx.ids.ts() },
    };
    return ok();
  }
  const message: StoredMessage = {
    type: 'message',
    channel: issued.channel,
    ts: ctx.ids.ts(),
    user: ctx.bot.userId,
    bot_id: ctx.bot.botId,
    app_id: ctx.bot.appId,
    team: ctx.team.id,
    ...fields,
  };
  if (args.response_type === 'in_channel') {
    ctx.state.channelMessages(issued.channel).push(message);
  } else {
    const list = ctx.state.ephemerals.get(issued.channel) ?? [];
    ctx.state.ephemerals.set(issued.channel, [...list, { ...message, ephemeral_to: issued.user }]);
  }
  return ok();
}
