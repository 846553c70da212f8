/**
 * The webhook on our HTTP server. telegraf's `webhookCallback(path, { secretToken })` checks the
 * method, the exact path and `X-Telegram-Bot-Api-Secret-Token` (403 otherwise). It always
 * answers 200 once the handler returns, so a delivery we could not even record is marked here
 * and answered 500 instead: Telegram then delivers it again.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';
import type { Telegraf } from 'telegraf';
import type { RouteHandler } from '../../http/server.js';

const delivery = new AsyncLocalStorage<{ res: ServerResponse }>();

/** The route handler serving telegraf's webhook at `path`. */
export function webhookRoute(bot: Telegraf, path: string, secretToken: string): RouteHandler {
  const callback = bot.webhookCallback(path, { secretToken });
  return (req, res) => delivery.run({ res }, () => callback(req, res));
}

/** Makes the webhook delivery being handled answer 500 (a no-op outside one, e.g. polling). */
export function failDelivery(): boolean {
  const current = delivery.getStore();
  if (!current || current.res.headersSent) return false;
  current.res.statusCode = 500;
  return true;
}
