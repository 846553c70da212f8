/** B2's floor: a bare telegraf bot behind a webhook that answers /lead with one message. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegraf } from 'telegraf';
import { childSide } from './child.js';
import { WEBHOOK_PATH, type TelegramChildConfig } from './telegram-baton-child.js';

const side = childSide<TelegramChildConfig>();
try {
  const c = side.config;
  const bot = new Telegraf(c.token, { telegram: { apiRoot: c.apiRoot, webhookReply: false } });
  bot.command('lead', async (ctx) => {
    await ctx.telegram.sendMessage(c.group, `New lead: ${ctx.payload}`);
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
