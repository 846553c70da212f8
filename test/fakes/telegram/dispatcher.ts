/**
 * One path for every Bot API call, over HTTP or inside a webhook answer: authenticate, inject
 * failures, validate, rate-limit, run the method, record the call.
 */
import type { CallLog } from './call-log.js';
import type { CallContext, Core, MethodHandler } from './core.js';
import { BotApiError, notFound, tooManyRequests, unauthorized, type BotApiErrorBody } from './errors.js';
import { parseBody } from './http-body.js';
import { BOT_METHODS } from './methods-bot.js';
import { MESSAGE_METHODS } from './methods-messages.js';
import type { RateLimiter } from './rate-limiter.js';
import type { InjectedFailure } from './types.js';
import type { BotState } from './updates.js';
import { createCallValidator, stripNonApiFields } from './validation.js';

/** What the fake does with a call that breaks the contract. */
export type ValidationMode = 'reject' | 'record' | 'off';

const HANDLERS: Record<string, MethodHandler> = { ...BOT_METHODS, ...MESSAGE_METHODS };
/** Telegram matches method names case-insensitively. */
const CANONICAL = new Map(Object.keys(HANDLERS).map((m) => [m.toLowerCase(), m]));

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request: injected failure',
  401: 'Unauthorized',
  403: 'Forbidden: bot was blocked by the user',
  409: 'Conflict: injected failure',
  500: 'Internal Server Error',
};

/** Failures queued by `failNext`, consumed in order. */
export class FailureQueue {
  private queue: { method: string; failure: InjectedFailure; left: number }[] = [];

  add(method: string, failure: InjectedFailure): void {
    this.queue.push({ method, failure, left: failure.times ?? 1 });
  }

  take(method: string, token: string): BotApiError | undefined {
    const entry = this.queue.find(
      (e) =>
        e.method === method && e.left > 0 && (e.failure.token === undefined || e.failure.token === token),
    );
    if (!entry) return undefined;
    if (--entry.left === 0) this.queue = this.queue.filter((e) => e !== entry);
    const { error_code: code, description, retry_after: retryAfter = 1 } = entry.failure;
    if (code === 429 && description === undefined) return tooManyRequests(retryAfter);
    return new BotApiError(
      code,
      description ?? DEFAULT_DESCRIPTIONS[code] ?? 'Error',
      code === 429 ? { retry_after: retryAfter } : undefined,
    );
  }

  reset(): void {
    this.queue = [];
  }
}

export interface DispatcherDeps {
  core: Core;
  bots: Map<string, BotState>;
  log: CallLog;
  failures: FailureQueue;
  validation: ValidationMode;
  limiter?: RateLimiter;
  stats: { served429: number };
}

export type ApiAnswer = { ok: true; result: unknown } | BotApiErrorBody;

export function createDispatcher(deps: DispatcherDeps) {
  const validate = createCallValidator();

  function run(
    bot: BotState,
    method: string,
    params: Record<string, unknown>,
    ctx: CallContext & { form: boolean },
  ) {
    const injected = deps.failures.take(method, bot.token);
    if (injected) throw injected;
    const clean = stripNonApiFields(params);
    if (deps.validation !== 'off') {
      const problems = validate(method, clean, { form: ctx.form });
      if (problems.length > 0) {
        deps.log.violations.push({
          method,
          token: bot.token,
          params,
          problems: problems.map((p) => `${p.path}: ${p.message}`),
          via: ctx.via,
          at: Date.now(),
        });
        if (deps.validation === 'reject') throw new BotApiError(400, problems[0]!.description);
      }
    }
    if (deps.limiter && 'chat_id' in clean) {
      const chatId = Number(clean.chat_id);
      const type = deps.core.chats.typeOf(chatId);
      const isGroup = type ? type !== 'private' : chatId < 0;
      const retryAfter = deps.limiter.take(method, bot.token, chatId, isGroup);
      if (retryAfter > 0) throw tooManyRequests(retryAfter);
    }
    return HANDLERS[method]!(deps.core, bot, clean, ctx);
  }

  /** Answers one call the way the Bot API would; the HTTP status is 200 or the error_code. */
  return async function dispatch(
    token: string,
    requested: string,
    params: Record<string, unknown>,
    ctx: CallContext & { form: boolean },
  ): Promise<{ status: number; answer: ApiAnswer }> {
    const method = CANONICAL.get(requested.toLowerCase()) ?? requested;
    let answer: ApiAnswer;
    try {
      const bot = deps.bots.get(token);
      if (!bot) throw unauthorized();
      if (!HANDLERS[method]) throw notFound();
      answer = { ok: true, result: await run(bot, method, params, ctx) };
    } catch (e) {
      const error =
        e instanceof BotApiError ? e : new BotApiError(500, `Internal Server Error: ${String(e)}`);
      answer = error.toBody();
    }
    const status = answer.ok ? 200 : answer.error_code;
    if (status === 429) deps.stats.served429++;
    deps.log.addCall({
      token,
      method,
      params,
      files: ctx.files,
      via: ctx.via,
      at: Date.now(),
      ok: answer.ok,
      status,
      ...(answer.ok ? { result: answer.result } : { error: answer }),
    });
    return { status, answer };
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;

/** telegraf's `webhookReply`: executes a Bot API call written into the 2xx answer to a delivery. */
export async function executeWebhookReply(
  dispatch: Dispatch,
  token: string,
  body: Buffer,
  contentType: string | undefined,
): Promise<void> {
  if (body.length === 0) return;
  try {
    const { params, files, form } = await parseBody(contentType ?? 'application/json', body);
    const { method, ...rest } = params;
    if (typeof method !== 'string') return;
    await dispatch(token, method, rest, {
      via: 'webhook-reply',
      files,
      form,
      signal: new AbortController().signal,
    });
  } catch {
    // Telegram ignores an answer it cannot read.
  }
}
