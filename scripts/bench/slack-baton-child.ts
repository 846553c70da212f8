/** B1's Baton side: the real app and Slack adapter (as main.ts wires them) on its own HTTP server. */
import { createApp } from '../../src/app.js';
import { createSlackApp } from '../../src/chat/slack/create-slack-app.js';
import { createHttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { connectDatabase } from '../../src/store/database.js';
import { childSide } from './child.js';

export type SlackChildConfig = {
  mongodbUri: string;
  dbName: string;
  apiUrl: string;
  signingSecret: string;
  identity: { teamId: string; botId: string; botUserId: string };
};

const side = childSide<SlackChildConfig>();
try {
  const c = side.config;
  const log = createLogger({ level: 'silent' });
  const connection = await connectDatabase(c.mongodbUri, { dbName: c.dbName });
  // The fake enforces no limits in B1: neither does the outbox (the floor posts at will too).
  const open = { perSecond: 10_000, burst: 10_000 };
  const app = await createApp({
    config: { defaults: { timezone: 'UTC', locale: 'en' }, runJobs: false },
    log,
    connection,
    outbox: { limits: { slack: { direct: open, channel: open, global: open } } },
  });
  const http = createHttpServer({ log });
  const slack = createSlackApp({
    config: { botToken: 'xoxb-bench', signingSecret: c.signingSecret, apiUrl: c.apiUrl, mode: 'http' },
    interactions: app.interactions,
    journal: app.journal,
    log,
    http,
    identity: c.identity,
    retries: 0,
  });
  app.outbox.addSender(slack.sender);
  app.addReplayer(slack.replayer);
  await app.start();
  await slack.start();
  side.ready(await http.listen(0, '127.0.0.1'));
} catch (err) {
  side.fail(err);
}
