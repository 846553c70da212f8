// conversations.history: the channel's visible messages, newest first, as Slack pages them.
// Message metadata is returned only with `include_all_metadata`, as on Slack.
import type { StoredMessage } from './slack-state.js';
import { resolveChannel } from './web-api-methods.js';
import { bool, fail, ok, str, type MethodHandler } from './web-api-reply.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 999;

function returned(m: StoredMessage, withMetadata: boolean): Record<string, unknown> {
  const { channel: _channel, ephemeral_to: _to, metadata, ...rest } = m;
  return withMetadata && metadata !== undefined ? { ...rest, metadata } : rest;
}

/** `conversations.history` with `limit`, `cursor`, `oldest`, `latest`, `inclusive` and `include_all_metadata`. */
export const conversationsHistory: MethodHandler = (args, ctx) => {
  const channel = resolveChannel(str(args, 'channel'));
  if (!channel) return fail('channel_not_found');
  const limit = Math.min(
    Math.max(Number(str(args, 'limit') ?? DEFAULT_LIMIT) || DEFAULT_LIMIT, 1),
    MAX_LIMIT,
  );
  const start = Number(str(args, 'cursor') ?? 0) || 0;
  const inclusive = bool(args, 'inclusive');
  const oldest = str(args, 'oldest');
  const latest = str(args, 'latest');
  const inRange = (m: StoredMessage) =>
    (oldest === undefined || (inclusive ? m.ts >= oldest : m.ts > oldest)) &&
    (latest === undefined || (inclusive ? m.ts <= latest : m.ts < latest));
  const all = [...(ctx.state.messages.get(channel) ?? [])].filter(inRange).reverse();
  const page = all.slice(start, start + limit);
  const more = start + limit < all.length;
  const withMetadata = bool(args, 'include_all_metadata');
  return ok({
    messages: page.map((m) => returned(m, withMetadata)),
    has_more: more,
    pin_count: 0,
    response_metadata: { next_cursor: more ? String(start + limit) : '' },
  });
};
