/**
 * The webhook on our HTTP server. The body is read whole and decoded once (telegraf decodes each
 * TCP chunk on its own, which breaks a character split between two chunks), and what is not an
 * update is answered 200 and logged, never run (see update-shape.ts). The rest goes to telegraf's
 * `webhookCallback(path, { secretToken })`, which checks the method, the exact path and
 * `X-Telegram-Bot-Api-Secret-Token` (403 otherwise). An update recorded in the journal is
 * answered 200 at once (`acknowledgeDelivery`), before the work; one we could not even record is
 * marked here and answered 500 instead: Telegram then delivers it again.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Telegraf } from 'telegraf';
import { readBody } from '../../http/read-body.js';
import type { RouteHandler } from '../../http/server.js';
import type { Logger } from '../../logger.js';
import { updateProblem } from './update-shape.js';

const delivery = new AsyncLocalStorage<{ res: ServerResponse }>();

/** Far above any update Telegram sends (a message is at most 4096 characters). */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** The route handler serving telegraf's webhook at `path`. */
export function webhookRoute(
  bot: Telegraf,
  deps: { path: string; secretToken: string; log: Logger },
): RouteHandler {
  const callback = bot.webhookCallback(deps.path, { secretToken: deps.secretToken });
  const expected = Buffer.from(deps.secretToken);
  const answer = (res: ServerResponse, status: number) => {
    res.writeHead(status);
    res.end();
  };
  return async (req, res) => {
    const secret = Buffer.from(String(req.headers['x-telegram-bot-api-secret-token'] ?? ''));
    if (secret.length !== expected.length || !timingSafeEqual(secret, expected)) return answer(res, 403);
    const raw = await readBody(req, WEBHOOK_BODY_LIMIT);
    if (!raw) {
      deps.log.warn({ limit: WEBHOOK_BODY_LIMIT }, 'telegram: webhook body too large');
      return answer(res, 413);
    }
    let update: unknown;
    try {
      update = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    } catch {
      deps.log.warn('telegram: webhook body is not JSON in UTF-8; refused');
      return answer(res, 400);
    }
    const problem = updateProblem(update);
    if (problem) {
      // Telegram would deliver it again after any other answer, for nothing.
      deps.log.warn({ reason: problem }, 'telegram: not an update; ignored');
      return answer(res, 200);
    }
    // telegraf takes a body already read from `req.body` instead of the stream.
    Object.assign(req, { body: update });
    return delivery.run({ res }, () => callback(req, res));
  };
}

/** Makes the webhook delivery being handled answer 500 (a no-op outside one, e.g. polling). */
export function failDelivery(): boolean {
  const current = delivery.getStore();
  if (!current || current.res.headersSent) return false;
  current.res.statusCode = 500;
  return true;
}

/**
 * Answers the webhook delivery being handled with 200 now (a no-op outside one, e.g. polling, or
 * once answered). Called once the update is recorded in the journal: from then on the journal
 * finishes it after a crash, so Telegram's answer need not wait for the work.
 */
export function acknowledgeDelivery(): void {
  const current = delivery.getStore();
  if (!current || current.res.headersSent) return;
  current.res.writeHead(200);
  current.res.end();
}
