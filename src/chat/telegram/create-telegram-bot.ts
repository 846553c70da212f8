/**
 * The Telegram bot: telegraf pointed at `apiRoot`, one Composer per feature behind one error
 * boundary, long polling by default and a webhook on our HTTP server when configured.
 */
import { Composer, Telegraf, type Context } from 'telegraf';
import type { TelegramConfig } from '../../config.js';
import type { Locale } from '../../core/roster/team.js';
import type { HttpServer } from '../../http/server.js';
import type { Logger } from '../../logger.js';
import type { ChatAdapter } from '../adapter.js';
import type { Interactions } from '../interactions/interactions.js';
import type { Journal } from '../journal-port.js';
import type { PlatformSender } from '../ports.js';
import type { Replayer } from '../recovery.js';
import { registerCommandMenu } from './bot-commands.js';
import type { DialogStore } from './dialogs/dialog-port.js';
import type { CallbackStash } from './callback-stash-port.js';
import { installErrorBoundary } from './error-boundary.js';
import { TelegramAdapterError } from './errors.js';
import { callbacksFeature } from './features/callbacks.js';
import { commandsFeature, privateFallback } from './features/commands.js';
import { dialogsFeature } from './features/dialogs.js';
import { waitOutShortRateLimits } from './patience.js';
import type { TelegramRuntime } from './runtime.js';
import { createTelegramSender } from './telegram-sender.js';
import { legacyKeyMover, oncePerUpdate, telegramReplayer, type Replaying } from './updates.js';
import { START_TIMING, untilItAnswers, type StartTiming } from './start-up.js';
import { webhookRoute } from './webhook.js';

export type TelegramBotDeps = {
  config: TelegramConfig;
  interactions: Interactions;
  journal: Journal;
  /** Where dialog state and stashed button actions live. */
  stores: { dialogs: DialogStore; stash: CallbackStash };
  log: Logger;
  /** Required in webhook mode: the webhook is served on it. */
  http?: HttpServer;
  defaultLocale?: Locale;
  now?: () => Date;
  /** How long an unanswered dialog stays open (default 30 minutes). */
  dialogTtlMs?: number;
  /** The back-off of start-up calls (default START_TIMING). */
  startTiming?: StartTiming;
  /** Told when Telegram moves a group to a new chat id (group → supergroup). */
  onChatMoved?: (from: string, to: string) => Promise<void>;
};

/** The Telegram adapter (a {@link ChatAdapter}): the bot and the sender the outbox delivers through. */
export type TelegramBot = ChatAdapter & {
  readonly platform: 'telegram';
  readonly bot: Telegraf;
  readonly sender: PlatformSender;
  readonly mode: TelegramConfig['mode'];
  /** Feeds updates recorded but never finished to the bot again (journal recovery). */
  readonly replayer: Replayer;
  /**
   * Identifies the bot, registers the command menu (a failure there is only a warning), then polls
   * or sets the webhook. Calls the Bot API does not answer are retried with a back-off until it
   * does; rejects only when the token is refused (TELEGRAM_TOKEN_REFUSED).
   */
  start(): Promise<void>;
  /** Stops polling (the webhook stays registered: Telegram keeps updates for the next start). */
  stop(): Promise<void>;
};

/** The updates we ask Telegram for. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** Builds the bot; nothing talks to Telegram until `start()`. */
export function createTelegramBot(deps: TelegramBotDeps): TelegramBot {
  const { config, log } = deps;
  // webhookReply off: a call written into the webhook answer has no result and its errors are lost.
  const bot = new Telegraf(config.botToken, {
    telegram: { ...(config.apiRoot && { apiRoot: config.apiRoot }), webhookReply: false },
  });
  const rt: TelegramRuntime = {
    interactions: deps.interactions,
    dialogs: deps.stores.dialogs,
    stash: deps.stores.stash,
    log,
    now: deps.now ?? (() => new Date()),
    botId: config.botToken.split(':')[0] ?? config.botToken,
    username: () => bot.botInfo?.username ?? '',
    defaultLocale: deps.defaultLocale ?? 'en',
    dialogTtlMs: deps.dialogTtlMs ?? 30 * 60_000,
  };

  const replaying: Replaying = new Map();
  const keysMoved = legacyKeyMover(rt, deps.journal);
  bot.use(oncePerUpdate(rt, deps.journal, keysMoved, replaying), waitOutShortRateLimits());
  // Other bots in a group may post commands too; only people talk to Baton.
  bot.use(
    Composer.optional(
      (ctx: Context) => ctx.from?.is_bot !== true,
      callbacksFeature(rt),
      commandsFeature(rt),
      dialogsFeature(rt),
      privateFallback(rt),
    ),
  );
  installErrorBoundary(bot, rt);

  // The configuration is already whole for its mode (config.ts); only the HTTP server is checked.
  if (config.mode === 'webhook') {
    if (!deps.http)
      throw new TelegramAdapterError('TELEGRAM_WEBHOOK_NEEDS_HTTP', 'webhook mode needs the HTTP server');
    deps.http.route(
      'POST',
      config.webhookPath,
      webhookRoute(bot, { path: config.webhookPath, secretToken: config.webhookSecret, log }),
    );
  }

  let polling: Promise<void> | undefined;
  let stopStarting: (() => void) | undefined;
  let connected = false;
  return {
    platform: 'telegram',
    bot,
    sender: createTelegramSender(bot.telegram, {
      stash: deps.stores.stash,
      log,
      ...(deps.onChatMoved && { onChatMoved: deps.onChatMoved }),
    }),
    mode: config.mode,
    replayer: telegramReplayer(bot, replaying),
    health: () => (connected ? config.mode : 'connecting'),
    async start() {
      const starting = new AbortController();
      stopStarting = () => starting.abort();
      const retry = <T>(what: string, call: () => Promise<T>) =>
        untilItAnswers(what, call, {
          log,
          timing: deps.startTiming ?? START_TIMING,
          signal: starting.signal,
        });
      try {
        bot.botInfo = await retry('getMe', () => bot.telegram.getMe());
        // Without the menu every command still works: a server that lacks setMyCommands is fine.
        await registerCommandMenu(bot.telegram).catch((err: unknown) =>
          log.warn({ err }, 'telegram: could not set the command menu; commands work without it'),
        );
        // Before any update is asked for (one that arrives first waits for it in oncePerUpdate).
        await keysMoved().catch((err: unknown) =>
          log.warn({ err }, 'telegram: could not key anew the journal entries of an earlier version'),
        );
        await rt.dialogs
          .purgeExpired(rt.now())
          .catch((err: unknown) => log.warn({ err }, 'could not purge expired dialogs'));
        if (config.mode === 'webhook') {
          await retry('setWebhook', () =>
            bot.telegram.setWebhook(config.webhookUrl, {
              secret_token: config.webhookSecret,
              allowed_updates: [...ALLOWED_UPDATES],
            }),
          );
          log.info({ username: bot.botInfo.username, path: config.webhookPath }, 'telegram webhook set');
          connected = true;
          return;
        }
        await retry('deleteWebhook', () => bot.telegram.deleteWebhook());
      } catch (err) {
        if (starting.signal.aborted) return; // stopped while connecting
        throw err;
      } finally {
        stopStarting = undefined;
      }
      // launch() resolves only when polling stops: keep the promise, never await it here.
      polling = bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] }).catch((err: unknown) => {
        log.error({ err }, 'telegram polling stopped');
      });
      log.info({ username: bot.botInfo.username }, 'telegram long polling started');
      connected = true;
    },
    async stop() {
      stopStarting?.();
      if (!polling) return;
      try {
        bot.stop('shutdown');
      } catch {
        // not running any more (polling already ended)
      }
      await polling;
      polling = undefined;
    },
  };
}
