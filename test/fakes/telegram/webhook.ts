/**
 * Webhook delivery as Telegram does it: POST each queued update as JSON (with
 * `X-Telegram-Bot-Api-Secret-Token` when a secret was set), re-deliver on a non-2xx answer or a
 * connection error after a backoff, and execute a Bot API call written into a 2xx answer (what
 * telegraf's `webhookReply` does with answerCallbackQuery and friends).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { unixNow } from './chat-state.js';
import type { BotState } from './updates.js';
import type { DeliveryAttempt, WireUpdate } from './types.js';

/** How the fake retries; Telegram's real backoff is far longer than tests can wait. */
export interface WebhookRetryConfig {
  /** Wait before each re-delivery; an update is dropped after `retryDelaysMs.length + 1` failed attempts. */
  retryDelaysMs: readonly number[];
  /** A delivery not answered within this is a failed attempt. */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetryConfig = {
  retryDelaysMs: [25, 50, 100, 200],
  timeoutMs: 10_000,
};

/** The answer to one POST, or the reason there was none. */
export type PostResult = { status: number; body: Buffer; contentType?: string } | { error: string };

export const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

export class WebhookDeliverer {
  private readonly inFlight = new Set<number>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly config: WebhookRetryConfig,
    private readonly record: (attempt: DeliveryAttempt) => void,
    /** Executes the call in a 2xx answer, if there is one. */
    private readonly onReply: (token: string, body: Buffer, contentType: string | undefined) => Promise<void>,
  ) {}

  /** Starts delivering every queued update of `bot` that is not on its way already. */
  kick(bot: BotState): void {
    for (const update of bot.pending) {
      if (!this.inFlight.has(update.update_id)) void this.deliver(bot, update);
    }
  }

  async post(url: string, body: string, headers: Record<string, string>): Promise<PostResult> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.config.timeoutMs)]),
      });
      const answer = Buffer.from(await res.arrayBuffer());
      return { status: res.status, body: answer, contentType: res.headers.get('content-type') ?? undefined };
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      return { error: cause ?? (e as Error).message };
    }
  }

  /** One POST of `body` (JSON unless a string), recorded as raw; a call in a 2xx answer runs as `token`. */
  async deliverRaw(
    url: string,
    body: unknown,
    opts: { secret?: string; token: string; headers?: Record<string, string> },
  ): Promise<{ status: number | 'error'; body: string }> {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const headers = { ...(opts.secret !== undefined && { [SECRET_HEADER]: opts.secret }), ...opts.headers };
    const result = await this.post(url, payload, headers);
    if ('status' in result && result.status >= 200 && result.status < 300) {
      await this.onReply(opts.token, result.body, result.contentType);
    }
    const updateId = (body as { update_id?: unknown } | null)?.update_id;
    this.record({
      ...(typeof updateId === 'number' && { update_id: updateId }),
      url,
      attempt: 1,
      status: 'status' in result ? result.status : 'error',
      ...('error' in result && { error: result.error }),
      raw: true,
      at: Date.now(),
    });
    return 'status' in result
      ? { status: result.status, body: result.body.toString('utf8') }
      : { status: 'error', body: result.error };
  }

  stop(): void {
    this.stopping.abort();
  }

  private async deliver(bot: BotState, update: WireUpdate): Promise<void> {
    this.inFlight.add(update.update_id);
    try {
      for (let attempt = 1; ; attempt++) {
        const hook = bot.webhook;
        // Without a webhook (deleteWebhook) the update stays queued for getUpdates.
        if (!hook || this.stopping.signal.aborted || !bot.pending.includes(update)) return;
        const result = await this.post(
          hook.url,
          JSON.stringify(update),
          hook.secret ? { [SECRET_HEADER]: hook.secret } : {},
        );
        if (this.stopping.signal.aborted) return;
        const status = 'status' in result ? result.status : 'error';
        const delivered = 'status' in result && result.status >= 200 && result.status < 300;
        if (delivered) {
          bot.pending = bot.pending.filter((u) => u !== update);
          await this.onReply(bot.token, result.body, result.contentType); // before recording: a recorded delivery is finished
        }
        this.record({
          update_id: update.update_id,
          url: hook.url,
          attempt,
          status,
          ...('error' in result && { error: result.error }),
          raw: false,
          at: Date.now(),
        });
        if (delivered) return;
        hook.lastErrorDate = unixNow();
        hook.lastErrorMessage =
          'error' in result ? result.error : `Wrong response from the webhook: ${result.status}`;
        const delay = this.config.retryDelaysMs[attempt - 1];
        if (delay === undefined) {
          bot.pending = bot.pending.filter((u) => u !== update);
          return;
        }
        await sleep(delay, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    } finally {
      this.inFlight.delete(update.update_id);
    }
  }
}
