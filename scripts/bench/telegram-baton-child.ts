/** B2's Baton side: the real app and Telegram adapter (webhook mode) on its own HTTP server. */
import { createApp } from '../../src/app.js';
import { createTelegramBot } from '../../src/chat/telegram/create-telegram-bot.js';
import { createHttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { connectDatabase } from '../../src/store/database.js';
import { childSide } from './child.js';

export type TelegramChildConfig = {
  mongodbUri: string;
  dbName: string;
  apiRoot: string;
  token: string;
  secret: string;
  /** The lead channel (the bare bot posts its one message there). */
  group: number;
};

export const WEBHOOK_PATH = '/telegram/webhook';

const side = childSide<TelegramChildConfig>();
try {
  const c = side.config;
  const log = createLogger({ level: 'silent' });
  const connection = await connectDatabase(c.mongodbUri, { dbName: c.dbName });
  // The fake enforces no limits in B2: neither does the outbox (the floor sends at will too).
  const open = { perSecond: 10_000, burst: 10_000 };
  const app = await createApp({
    config: { defaults: { timezone: 'UTC', locale: 'en' }, runJobs: false },
    log,
    connection,
    outbox: { limits: { telegram: { direct: open, channel: open, global: open } } },
  });
  const http = createHttpServer({ log });
  const port = await http.listen(0, '127.0.0.1');
  const tg = createTelegramBot({
    config: {
      botToken: c.token,
      apiRoot: c.apiRoot,
      mode: 'webhook',
      webhookUrl: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
      webhookSecret: c.secret,
      webhookPath: WEBHOOK_PATH,
    },
    interactions: app.interactions,
    journal: app.journal,
    stores: app.persistence.telegram,
    log,
    http,
  });
  app.outbox.addSender(tg.sender);
  app.addReplayer(tg.replayer);
  await app.start();
  await tg.start();
  side.ready(port);
} catch (err) {
  side.fail(err);
}
