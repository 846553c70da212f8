/**
 * A fake Telegram Bot API on 127.0.0.1 for running the real telegraf offline. Give telegraf its
 * `apiRoot`, drive it with simulated users, and assert on the chats, the calls it made, and the
 * contract violations it committed. See `README.md` in this folder.
 */
import { CallLog } from './call-log.js';
import { ChatState } from './chat-state.js';
import type { Core } from './core.js';
import { createDispatcher, executeWebhookReply, FailureQueue, type ValidationMode } from './dispatcher.js';
import { startApiServer } from './http-server.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimitConfig } from './rate-limiter.js';
import { enqueueUpdate, sendText, tapButton, type SimulationDeps } from './simulate.js';
import type {
  ApiCall,
  ChatRef,
  DeliveryAttempt,
  FakeBotConfig,
  FakeChat,
  FakeUser,
  InjectedFailure,
  StoredMessage,
  Violation,
  WireUpdate,
} from './types.js';
import { UpdateHub, type BotState, type PollConflict } from './updates.js';
import { DEFAULT_WEBHOOK_RETRY, WebhookDeliverer, type WebhookRetryConfig } from './webhook.js';

export type * from './types.js';
export type { RateLimitConfig, ValidationMode, WebhookRetryConfig, PollConflict };

export interface FakeTelegramOptions {
  /** Bots served (default: one, `123456:TEST-TOKEN` named `baton_test_bot`); the first is the default bot of helpers. */
  bots?: FakeBotConfig[];
  /** 'reject' (default): an invalid call gets a 400 and a violation; 'record': only the violation; 'off'. */
  validation?: ValidationMode;
  /** Telegram-like message rate limits: off by default; `true` for the defaults, or overrides. */
  rateLimits?: boolean | Partial<RateLimitConfig>;
  /** Webhook re-delivery (default: 4 retries after 25/50/100/200 ms; 10 s timeout). */
  webhook?: Partial<WebhookRetryConfig>;
  /** A second concurrent getUpdates: Telegram ends the older one with 409 (default), or refuse the newer. */
  pollConflict?: PollConflict;
}

export const DEFAULT_BOT: FakeBotConfig = { token: '123456:TEST-TOKEN', username: 'baton_test_bot' };

export async function createFakeTelegram(opts: FakeTelegramOptions = {}) {
  const log = new CallLog();
  const chats = new ChatState();
  const bots = new Map<string, BotState>();
  const failures = new FailureQueue();
  const stats = { served429: 0 };
  const limiter =
    opts.rateLimits === undefined || opts.rateLimits === false
      ? undefined
      : new RateLimiter({ ...DEFAULT_RATE_LIMITS, ...(opts.rateLimits === true ? {} : opts.rateLimits) });
  let fileCounter = 0;

  const webhooks: WebhookDeliverer = new WebhookDeliverer(
    { ...DEFAULT_WEBHOOK_RETRY, ...opts.webhook },
    (attempt) => log.deliveries.add(attempt),
    (token, body, contentType) => executeWebhookReply(dispatch, token, body, contentType),
  );
  const core: Core = {
    chats,
    updates: new UpdateHub(opts.pollConflict ?? 'terminate-older', (bot) => webhooks.kick(bot)),
    webhooks,
    callbackQueries: new Map(),
    newFileId: () => `fake-file-${++fileCounter}`,
  };
  const dispatch = createDispatcher({
    core,
    bots,
    log,
    failures,
    stats,
    validation: opts.validation ?? 'reject',
    ...(limiter && { limiter }),
  });

  function addBot(config: FakeBotConfig): void {
    const id = config.id ?? (Number(config.token.split(':')[0]) || 100_000 + bots.size);
    bots.set(config.token, {
      token: config.token,
      me: {
        token: config.token,
        username: config.username,
        first_name: config.first_name ?? config.username,
        id,
      },
      pending: [],
      allowedUpdates: [],
      commands: new Map(),
    });
  }
  for (const b of opts.bots ?? [DEFAULT_BOT]) addBot(b);
  const firstToken = bots.keys().next().value as string;

  const { server, port } = await startApiServer(dispatch);

  const sim: SimulationDeps = {
    core,
    log,
    bot(token = firstToken) {
      const bot = bots.get(token);
      if (!bot) throw new Error(`the fake has no bot with token ${token}`);
      return bot;
    },
  };

  return {
    /** Pass to telegraf: `new Telegraf(token, { telegram: { apiRoot } })`. */
    apiRoot: `http://127.0.0.1:${port}`,
    /** The first bot's token. */
    token: firstToken,
    /** Serves another bot (or another username for a token). */
    addBot,
    /** Registers a user and their private chat with the bots. */
    user(spec: Omit<FakeUser, 'is_bot'>): FakeUser {
      return chats.addUser({ ...spec, is_bot: false });
    },
    /** Registers a group (use a negative id; 'supergroup' ids look like -100…). */
    group(spec: {
      id: number;
      title: string;
      type?: 'group' | 'supergroup';
      members?: FakeUser[];
    }): FakeChat {
      return chats.addGroup(
        { id: spec.id, type: spec.type ?? 'group', title: spec.title },
        spec.members ?? [],
      );
    },
    /** `from` writes `text` in `chat`; a leading /command gets its bot_command entity. */
    sendText: (chat: ChatRef, from: FakeUser, text: string, o?: { bot?: string; replyTo?: StoredMessage }) =>
      sendText(sim, chat, from, text, o),
    /** `from` taps the button with `callbackData`; resolves with the bot's answerCallbackQuery call. */
    tapButton: (
      message: Pick<StoredMessage, 'chat_id' | 'message_id'>,
      callbackData: string,
      from: FakeUser,
      o?: { timeoutMs?: number },
    ) => tapButton(sim, message, callbackData, from, o),
    /** Queues any update (its update_id is assigned) for the default bot or `bot`. */
    enqueueUpdate: (raw: Record<string, unknown>, o?: { bot?: string }): WireUpdate =>
      enqueueUpdate(sim, raw, o),
    /** Resolves once a getUpdates of the bot is being held (its poller is up); rejects after `timeoutMs`. */
    async waitForPolling(token = firstToken, timeoutMs = 5000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!sim.bot(token).poll) {
        if (Date.now() > deadline) {
          throw new Error(`no getUpdates of bot ${token.split(':')[0]} held within ${timeoutMs} ms`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    /** Updates queued and not yet confirmed (polling) or delivered (webhook). */
    pendingUpdates: (token = firstToken): WireUpdate[] => [...sim.bot(token).pending],
    /** Messages in a chat, oldest first (deleted ones only when asked). */
    messagesIn: (chat: ChatRef, o?: { includeDeleted?: boolean }): StoredMessage[] =>
      chats.messagesIn(chats.idOf(chat), o?.includeDeleted),
    /** The newest live message in a chat (optionally only the bots'). */
    lastMessage(chat: ChatRef, o?: { fromBot?: boolean }): StoredMessage | undefined {
      const all = chats.messagesIn(chats.idOf(chat));
      return (o?.fromBot ? all.filter((m) => m.botToken !== undefined) : all).at(-1);
    },
    /** Calls answered so far, in order (of one method, if given). */
    calls<M extends string>(method?: M): ApiCall<M>[] {
      return log.calls.items.filter((c) => method === undefined || c.method === method) as ApiCall<M>[];
    },
    /** The first call of `method` (made already or to come) that matches; rejects after `timeoutMs`. */
    waitForCall<M extends string>(
      method: M,
      predicate: (call: ApiCall<M>) => boolean = () => true,
      timeoutMs = 5000,
    ) {
      return log.waitForCall(method, predicate as (c: ApiCall) => boolean, timeoutMs) as Promise<ApiCall<M>>;
    },
    /** Calls that broke the Bot API types or documented limits. */
    violations: log.violations as readonly Violation[],
    /** Throws a readable listing of every violation so far. */
    expectNoViolations: (): void => log.expectNoViolations(),
    /** Every webhook delivery attempt, recorded once its answer (and any call in it) was handled. */
    deliveries: log.deliveries.items as readonly DeliveryAttempt[],
    /** The first delivery attempt (made already or to come) that matches; rejects after `timeoutMs`. */
    waitForDelivery: (predicate: (d: DeliveryAttempt) => boolean = () => true, timeoutMs = 5000) =>
      log.deliveries.waitFor(predicate, timeoutMs, 'a matching webhook delivery'),
    /** POSTs `body` (JSON unless a string) to a webhook like Telegram would, without retrying; executes a reply. */
    deliverRaw: (
      url: string,
      body: unknown,
      o: { secret?: string; bot?: string; headers?: Record<string, string> } = {},
    ) => webhooks.deliverRaw(url, body, { ...o, token: o.bot ?? firstToken }),
    /** The next call(s) of `method` fail as given (e.g. `{ error_code: 429, retry_after: 2 }`). */
    failNext: (method: string, failure: InjectedFailure): void => failures.add(method, failure),
    /** The user blocks (or unblocks) the bots: sends to their chat get 403. */
    setBlocked(user: FakeUser | number, blocked = true): void {
      const id = typeof user === 'number' ? user : user.id;
      if (blocked) chats.blockedBy.add(id);
      else chats.blockedBy.delete(id);
    },
    /** Counters: `served429` counts every 429 answered (rate limits and injected). */
    stats: stats as Readonly<typeof stats>,
    /**
     * Forgets users, chats, messages, calls, violations, deliveries, queued updates, injected
     * failures and rate-limit state; keeps bots, webhooks, commands, held polls and update_ids.
     */
    reset(): void {
      log.reset();
      chats.reset();
      failures.reset();
      limiter?.reset();
      stats.served429 = 0;
      core.callbackQueries.clear();
      for (const bot of bots.values()) bot.pending = [];
    },
    /** Ends held polls and deliveries and stops the server. */
    async close(): Promise<void> {
      webhooks.stop();
      for (const bot of bots.values()) core.updates.release(bot);
      await new Promise((resolve) => setImmediate(resolve)); // let released polls answer
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The fake Telegram Bot API; see {@link createFakeTelegram}. */
export type FakeTelegram = Awaited<ReturnType<typeof createFakeTelegram>>;
