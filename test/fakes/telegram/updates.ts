/**
 * Per-bot update queues and real long polling: getUpdates is held until an update for the bot is
 * queued or `timeout` seconds pass; an update stays queued until a later call's `offset` confirms
 * it (or a webhook delivery succeeds).
 */
import { conflict } from './errors.js';
import type { FakeBotConfig, WireUpdate } from './types.js';

/** Webhook settings as setWebhook left them. */
export interface WebhookSettings {
  url: string;
  secret?: string;
  maxConnections: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

interface PendingPoll {
  limit: number;
  finish(result: WireUpdate[] | Error): void;
}

/** Everything the fake keeps per bot token (several processes may share one). */
export interface BotState {
  token: string;
  me: Required<FakeBotConfig>;
  pending: WireUpdate[];
  webhook?: WebhookSettings;
  poll?: PendingPoll;
  /** As last passed to getUpdates/setWebhook; empty means Telegram's default set. */
  allowedUpdates: string[];
  /** Keyed by scope and language_code. */
  commands: Map<string, unknown[]>;
}

/** What a second getUpdates does while one is held: Telegram ends the older one with 409. */
export type PollConflict = 'terminate-older' | 'reject-newer';

const TERMINATED = 'terminated by other getUpdates request; make sure that only one bot instance is running';
const NOT_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

export function isAllowed(bot: BotState, update: WireUpdate): boolean {
  const type = Object.keys(update).find((k) => k !== 'update_id') ?? '';
  return bot.allowedUpdates.length > 0 ? bot.allowedUpdates.includes(type) : !NOT_BY_DEFAULT.has(type);
}

export class UpdateHub {
  private nextUpdateId = 1;

  constructor(
    private readonly conflictMode: PollConflict,
    private readonly onQueuedForWebhook: (bot: BotState) => void,
  ) {}

  /** Queues `raw` for `bot` with the next update_id (monotonic across all bots). */
  enqueue(bot: BotState, raw: Record<string, unknown>): WireUpdate {
    const update: WireUpdate = { ...raw, update_id: this.nextUpdateId++ };
    bot.pending.push(update);
    if (bot.webhook) this.onQueuedForWebhook(bot);
    else this.wake(bot);
    return update;
  }

  /** Drops updates below `offset` (a negative offset keeps only the last -offset updates). */
  confirm(bot: BotState, offset: number): void {
    if (offset > 0) bot.pending = bot.pending.filter((u) => u.update_id >= offset);
    else if (offset < 0) bot.pending = bot.pending.slice(offset);
  }

  async getUpdates(
    bot: BotState,
    p: { offset?: unknown; limit?: unknown; timeout?: unknown; allowed_updates?: unknown },
    signal: AbortSignal,
  ): Promise<WireUpdate[]> {
    if (bot.webhook) {
      throw conflict(
        "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    if (bot.poll) {
      if (this.conflictMode === 'reject-newer') throw conflict(TERMINATED);
      bot.poll.finish(conflict(TERMINATED));
    }
    if (Array.isArray(p.allowed_updates)) bot.allowedUpdates = p.allowed_updates.map(String);
    this.confirm(bot, Number(p.offset ?? 0) || 0);
    const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100) || 100));
    const timeoutS = Math.max(0, Number(p.timeout ?? 0) || 0);
    const ready = this.take(bot, limit);
    if (ready.length > 0 || timeoutS === 0 || signal.aborted) return ready;
    return new Promise((resolve, reject) => {
      const poll: PendingPoll = {
        limit,
        finish: (result) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          if (bot.poll === poll) bot.poll = undefined;
          if (result instanceof Error) reject(result);
          else resolve(result);
        },
      };
      const onAbort = (): void => poll.finish([]);
      const timer = setTimeout(() => poll.finish([]), timeoutS * 1000);
      signal.addEventListener('abort', onAbort);
      bot.poll = poll;
    });
  }

  /** Answers a held getUpdates if updates are waiting for it. */
  wake(bot: BotState): void {
    if (!bot.poll) return;
    const ready = this.take(bot, bot.poll.limit);
    if (ready.length > 0) bot.poll.finish(ready);
  }

  /** Ends a held getUpdates with an empty result (for close and webhook changes). */
  release(bot: BotState): void {
    bot.poll?.finish([]);
  }

  private take(bot: BotState, limit: number): WireUpdate[] {
    bot.pending = bot.pending.filter((u) => isAllowed(bot, u));
    return bot.pending.slice(0, limit);
  }
}
