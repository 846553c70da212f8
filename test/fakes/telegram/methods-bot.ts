/** Bot API methods about the bot itself: identity, update delivery, commands. */
import type { MethodHandler } from './core.js';
import { badRequest } from './errors.js';
import type { BotState } from './updates.js';

const commandsKey = (p: Record<string, unknown>): string =>
  `${JSON.stringify(p.scope ?? { type: 'default' })}|${typeof p.language_code === 'string' ? p.language_code : ''}`;

function removeWebhook(bot: BotState, p: Record<string, unknown>): true {
  bot.webhook = undefined;
  if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') bot.pending = [];
  return true;
}

export const BOT_METHODS: Record<string, MethodHandler> = {
  getMe(_core, bot) {
    return {
      id: bot.me.id,
      is_bot: true,
      first_name: bot.me.first_name,
      username: bot.me.username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    };
  },

  logOut: () => true,
  close: () => true,

  getUpdates(core, bot, p, ctx) {
    return core.updates.getUpdates(bot, p, ctx.signal);
  },

  setWebhook(core, bot, p) {
    const url = typeof p.url === 'string' ? p.url : '';
    if (url === '') return removeWebhook(bot, p);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest('bad webhook: invalid webhook URL specified');
    }
    // Telegram insists on HTTPS and ports 443/80/88/8443; tests listen on http://127.0.0.1:<random>.
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    }
    if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') bot.pending = [];
    if (Array.isArray(p.allowed_updates)) bot.allowedUpdates = p.allowed_updates.map(String);
    bot.webhook = {
      url,
      ...(typeof p.secret_token === 'string' && p.secret_token !== '' && { secret: p.secret_token }),
      maxConnections: Number(p.max_connections ?? 40) || 40,
    };
    core.updates.release(bot); // a held getUpdates ends; the next one gets 409
    core.webhooks.kick(bot);
    return true;
  },

  deleteWebhook(core, bot, p) {
    removeWebhook(bot, p);
    core.updates.wake(bot);
    return true;
  },

  getWebhookInfo(_core, bot) {
    const hook = bot.webhook;
    return {
      url: hook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: bot.pending.length,
      ...(hook && { max_connections: hook.maxConnections }),
      ...(hook?.lastErrorDate !== undefined && {
        last_error_date: hook.lastErrorDate,
        last_error_message: hook.lastErrorMessage,
      }),
      ...(bot.allowedUpdates.length > 0 && { allowed_updates: bot.allowedUpdates }),
    };
  },

  setMyCommands(_core, bot, p) {
    bot.commands.set(commandsKey(p), Array.isArray(p.commands) ? p.commands : []);
    return true;
  },

  getMyCommands(_core, bot, p) {
    return bot.commands.get(commandsKey(p)) ?? [];
  },

  deleteMyCommands(_core, bot, p) {
    bot.commands.delete(commandsKey(p));
    return true;
  },
};
