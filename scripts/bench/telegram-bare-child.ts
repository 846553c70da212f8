/**
 * B2's floor: the least a durable Telegram bot does — telegraf checks the webhook's secret token,
 * one document keyed by the update_id goes into the same database (a duplicate is a re-delivery:
 * answered, not sent again), then the webhook is answered, then one message sent.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegraf } from 'telegraf';
import { connectDatabase } from '../../src/store/database.js';
import { childSide } from './child.js';
import { FLOOR_COLLECTION, recordOnce } from './floor.js';
import { WEBHOOK_PATH, type TelegramChildConfig } from './telegram-baton-child.js';

const side = childSide<TelegramChildConfig>();
try {
  const c = side.config;
  const connection = await connectDatabase(c.mongodbUri, { dbName: c.dbName });
  const updates = connection.collection<{ _id: string; text: string; at: Date }>(FLOOR_COLLECTION);
  const bot = new Telegraf(c.token, { telegram: { apiRoot: c.apiRoot, webhookReply: false } });
  bot.catch((err) => console.error('bare telegraf bot:', err));
  bot.command('lead', async (ctx) => {
    const first = await recordOnce(updates, `tg:upd:${ctx.botInfo.id}:${ctx.update.update_id}`, ctx.payload);
    // telegraf answers the webhook once this handler returns: the message goes after that.
    if (first)
      setImmediate(() => {
        ctx.telegram
          .sendMessage(c.group, `New lead: ${ctx.payload}`)
          .catch((err: unknown) => console.error('bare telegraf bot:', err));
      });
  });
  const server = createServer(bot.webhookCallback(WEBHOOK_PATH, { secretToken: c.secret }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  bot.botInfo = await bot.telegram.getMe();
  await bot.telegram.setWebhook(`http://127.0.0.1:${port}${WEBHOOK_PATH}`, { secret_token: c.secret });
  side.ready(port);
} catch (err) {
  side.fail(err);
}
