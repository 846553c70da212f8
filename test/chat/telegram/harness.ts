// End-to-end harness: the real telegraf against the fake Bot API over HTTP, on the real database,
// built with createApp like main.ts does — one "process" per node (own connection, app, bot).
import { Writable } from 'node:stream';
import type { Connection } from 'mongoose';
import { createApp, type App } from '../../../src/app.js';
import { createTelegramBot, type TelegramBot } from '../../../src/chat/telegram/create-telegram-bot.js';
import type { TelegramConfig } from '../../../src/config.js';
import { createHttpServer, type HttpServer } from '../../../src/http/server.js';
import { createLogger } from '../../../src/logger.js';
import { connectDatabase } from '../../../src/store/database.js';
import { createFakeTelegram, type FakeTelegram, type FakeTelegramOptions, type FakeUser, type StoredMessage } from '../../fakes/telegram/fake-telegram.js';
import { testMongoUri, uniqueDbName } from '../../support/db.js';
import type { Locale } from '../../../src/core/roster/team.js';

export const WEBHOOK_PATH = '/telegram/webhook';
export const SECRET = 'test-secret_0123';
const UNLIMITED = { perSecond: 1000, burst: 1000 };

export type LogRecord = { level: number; msg?: string; err?: { message?: string; stack?: string } } & Record<string, unknown>;

/** One bot process: its own connection, app (outbox, journal, interactions), bot and HTTP server. */
export type Node = { conn: Connection; app: App; tg: TelegramBot; http: HttpServer; url: string; logs: LogRecord[] };

export type Harness = {
  fake: FakeTelegram;
  nodes: Node[];
  /** The first node. */
  node: Node;
  /** Starts one more node on the same database (a process started later); closed with the rest. */
  addNode(mode?: TelegramConfig['mode']): Promise<Node>;
  /** Error-level log records of every node (tests expect none unless they provoke one). */
  errors(): LogRecord[];
  close(): Promise<void>;
};

function capture(records: LogRecord[]) {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) records.push(JSON.parse(line) as LogRecord);
      done();
    },
  });
}

async function startNode(fake: FakeTelegram, dbName: string, mode: TelegramConfig['mode']): Promise<Node> {
  const logs: LogRecord[] = [];
  const log = createLogger({ level: 'warn', destination: capture(logs) });
  const conn = await connectDatabase(testMongoUri(), { dbName });
  const app = await createApp({
    config: { defaults: { timezone: 'Europe/Berlin', locale: 'en' }, runJobs: false },
    log,
    connection: conn,
    outbox: { limits: { telegram: { direct: UNLIMITED, channel: UNLIMITED, global: UNLIMITED } } },
  });
  const http = createHttpServer({ log });
  const port = await http.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}${WEBHOOK_PATH}`;
  const config: TelegramConfig =
    mode === 'webhook'
      ? { botToken: fake.token, apiRoot: fake.apiRoot, mode, webhookPath: WEBHOOK_PATH, webhookUrl: url, webhookSecret: SECRET }
      : { botToken: fake.token, apiRoot: fake.apiRoot, mode };
  const tg = createTelegramBot({ config, interactions: app.interactions, journal: app.journal, stores: app.persistence.telegram, log, http });
  app.outbox.addSender(tg.sender);
  await app.start();
  await tg.start();
  return { conn, app, tg, http, url, logs };
}

/** Starts the fake and `processes` bot nodes sharing one fresh database. */
export async function startHarness(
  opts: { mode?: TelegramConfig['mode']; processes?: number; fake?: FakeTelegramOptions } = {},
): Promise<Harness> {
  const fake = await createFakeTelegram(opts.fake);
  const dbName = uniqueDbName();
  const nodes: Node[] = [];
  for (let i = 0; i < (opts.processes ?? 1); i++) nodes.push(await startNode(fake, dbName, opts.mode ?? 'polling'));
  if ((opts.mode ?? 'polling') === 'polling') await fake.waitForPolling();
  return {
    fake,
    nodes,
    node: nodes[0]!,
    async addNode(mode = opts.mode ?? 'polling') {
      const n = await startNode(fake, dbName, mode);
      nodes.push(n);
      return n;
    },
    errors: () => nodes.flatMap((n) => n.logs.filter((r) => r.level >= 50)),
    async close() {
      for (const n of nodes) {
        await n.tg.stop();
        await n.app.stop();
        await n.http.close();
      }
      await fake.close();
      await nodes[0]?.conn.dropDatabase();
      for (const n of nodes) await n.conn.close();
    },
  };
}

/** Waits until `check` returns a value (polling every 20 ms); throws with `what` after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The bot's messages in a chat, oldest first. */
export const botMessages = (fake: FakeTelegram, chat: FakeUser | number | { id: number }): StoredMessage[] =>
  fake.messagesIn(typeof chat === 'number' ? chat : chat.id).filter((m) => m.botToken !== undefined);

/** Sends `text` and waits for the bot's next message in `chat` matching `re` (after the send). */
export async function say(h: Harness, from: FakeUser, text: string, re: RegExp, chat: { id: number } = from): Promise<StoredMessage> {
  const before = botMessages(h.fake, chat).length;
  h.fake.sendText(chat.id, from, text);
  return eventually(
    () => botMessages(h.fake, chat).slice(before).find((m) => re.test(m.text ?? m.caption ?? '')),
    `a bot message matching ${re} in chat ${chat.id} after "${text}"\n(got: ${botMessages(h.fake, chat).slice(before).map((m) => m.text).join(' | ')})`,
  );
}

/** The callback_data of the button labelled like `label` on `message`. */
export function buttonData(message: StoredMessage, label: RegExp): string {
  const rows = (message.reply_markup?.inline_keyboard ?? []) as { text: string; callback_data?: string }[][];
  const b = rows.flat().find((x) => label.test(x.text));
  if (!b?.callback_data) throw new Error(`no button ${label} on message ${message.message_id}: ${JSON.stringify(rows)}`);
  return b.callback_data;
}

/** A member to add with `/team add`, and link with /start. */
export type Member = { user: FakeUser; name: string; roles: string; lang?: Locale };

/**
 * A team set up entirely through Telegram: the boss runs `/team setup`, makes `group` the lead
 * channel, adds everyone by @username, and everyone links their account with /start.
 */
export async function seedTeam(h: Harness, boss: FakeUser, group: { id: number }, members: Member[]): Promise<void> {
  h.fake.user(boss);
  for (const m of members) h.fake.user(m.user);
  h.fake.group({ id: group.id, title: 'Sales', type: 'supergroup', members: [boss, ...members.map((m) => m.user)] });
  await say(h, boss, '/team setup Sales', /Sales team is ready/);
  await say(h, boss, '/team@baton_test_bot channel', /Lead cards of Sales will be posted here/, group);
  for (const m of members) {
    const lang = m.lang ? ` lang=${m.lang}` : '';
    await say(h, boss, `/team add ${m.name} tg:@${m.user.username} ${m.roles}${lang}`, /Added|Добавлен/);
  }
  const before = h.fake.calls('sendMessage').length;
  for (const m of members) h.fake.sendText(m.user, m.user, '/start');
  await eventually(
    () => members.every((m) => h.fake.calls('sendMessage').slice(before).some((c) => c.params.chat_id === m.user.id)),
    'every member linked',
  );
}
