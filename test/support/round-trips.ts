// The round-trip budget's measurements (issue 14): the real application and adapters on their
// HTTP server, a database connection monitored command by command, the fake Slack and Telegram
// over HTTP. Used by test/e2e/round-trips.test.ts (the budget) and `npm run bench` (the line).
import type { Connection } from 'mongoose';
import { createApp, type App } from '../../src/app.js';
import { slackAddress } from '../../src/chat/slack/ids.js';
import { createSlackApp } from '../../src/chat/slack/create-slack-app.js';
import { createTelegramBot } from '../../src/chat/telegram/create-telegram-bot.js';
import type { Ctx } from '../../src/core/ports.js';
import { addMember, setTeamChannel, setupTeam } from '../../src/core/roster/index.js';
import type { Team } from '../../src/core/roster/team.js';
import { localDate } from '../../src/core/time.js';
import { fanOutDigest } from '../../src/jobs/digests.js';
import { createHttpServer, type HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { connectDatabase } from '../../src/store/database.js';
import {
  blockAction,
  createFakeSlack,
  postToApp,
  slashCommand,
  TEST_SIGNING_SECRET,
} from '../fakes/slack/index.js';
import { createFakeTelegram } from '../fakes/telegram/fake-telegram.js';
import {
  markAcks,
  monitorCommands,
  type Command,
  type CommandMonitor,
  type Measured,
} from './command-monitor.js';

export type RoundTrips = {
  /** A lead in a running process: the team's second there (the budget's /lead). */
  slackLead: Measured;
  telegramLead: Measured;
  /** The first lead of a team in a process: it also reads the team's sequence heads once. */
  slackFirstLead: Measured;
  telegramFirstLead: Measured;
  claim: Measured;
  /** The commands of one team digest and how many digests it sent. */
  digest: { commands: Command[]; recipients: number };
};

const CHANNEL = 'C0LEADS';
const GROUP = -100555;
const TG_TOKEN = '123456:ROUND-TRIPS-0123456789abcdefghij';
const OPEN = { perSecond: 10_000, burst: 10_000 };
/** Quiet digest recipients beside the boss, the SDR and three AEs (fixed costs spread over them). */
const EXTRA_PEOPLE = 15;

/** One process of the application: its monitored connection, app and HTTP server. */
type Node = {
  conn: Connection;
  plain: Connection;
  app: App;
  http: HttpServer;
  monitor: CommandMonitor;
  acks: number[];
};

let seq = 0;
const ctx = (app: App, actorId?: string): Ctx => ({
  ...(actorId ? { actorId } : {}),
  source: 'cli',
  key: `round-trips:${process.pid}:${++seq}`,
  now: app.clock.now(),
});

async function startNode(uri: string, dbName: string): Promise<Omit<Node, 'acks'>> {
  const conn = await connectDatabase(uri, { dbName, monitorCommands: true });
  const plain = await connectDatabase(uri, { dbName });
  const app = await createApp({
    config: { defaults: { timezone: 'UTC', locale: 'en' }, runJobs: false },
    log: createLogger({ level: 'silent' }),
    connection: conn,
    outbox: {
      limits: {
        slack: { direct: OPEN, channel: OPEN, global: OPEN },
        telegram: { direct: OPEN, channel: OPEN, global: OPEN },
      },
    },
    // The webhook half's background poll (a read every 5 s) is no operation's round trip: were it
    // to fall inside a measured window it would be counted against that operation.
    webhooks: { pollMs: 3_600_000 },
  });
  return {
    conn,
    plain,
    app,
    http: createHttpServer({ log: createLogger({ level: 'silent' }) }),
    monitor: monitorCommands([conn]),
  };
}

/** Seeds a team through the use cases: boss (admin, manager), one SDR, three AEs, quiet SDRs. */
async function seedTeam(
  app: App,
  address: (handle: string) => string,
  channel: { platform: 'slack' | 'telegram'; id: string },
): Promise<{ team: Team; handleOf: Map<string, string> }> {
  const { team, admin } = await setupTeam(
    app.core,
    { teamName: 'Sales', founder: { address: address('boss'), name: 'Boss', username: 'boss' } },
    ctx(app),
  );
  await setTeamChannel(app.core, channel, ctx(app, admin.id));
  const handleOf = new Map([[admin.id, 'boss']]);
  for (const [handle, roles] of HANDLES.slice(1)) {
    const p = await addMember(
      app.core,
      { name: handle, handle, roles, address: address(handle) },
      ctx(app, admin.id),
    );
    handleOf.set(p.id, handle);
  }
  return { team: (await app.stores.teams.get(team.id)) ?? team, handleOf };
}

const HANDLES: [string, string[]][] = [
  ['boss', ['admin', 'manager']],
  ['sdr1', ['sdr']],
  ['ae1', ['ae']],
  ['ae2', ['ae']],
  ['ae3', ['ae']],
  ...Array.from({ length: EXTRA_PEOPLE }, (_, i): [string, string[]] => [`rep${i + 1}`, ['sdr']]),
];

/** Waits until every recorded request finished and the outbox has nothing left to send (reads on the unmonitored connection). */
async function settle(node: Omit<Node, 'acks'>): Promise<void> {
  const journal = node.plain.collection('inbound_journal');
  const deadline = Date.now() + 30_000;
  while ((await journal.countDocuments({ doneAt: { $exists: false } })) > 0) {
    if (Date.now() > deadline) throw new Error('requests did not finish in 30 s');
    await new Promise((r) => setTimeout(r, 10));
  }
  await node.app.outbox.drain();
}

/**
 * Waits until no command is in flight and none started for a second (start-up's and the last
 * operation's background work is done). Counting only started commands misjudged a busy machine:
 * one command slower than the pause looked like silence, and its continuation landed in the next
 * measurement.
 */
async function quiet(monitor: CommandMonitor): Promise<void> {
  for (let seen = -1; seen !== monitor.count || monitor.inFlight > 0;) {
    seen = monitor.count;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Runs `op` from a reset monitor to a settled application; the commands and those before its ack. */
async function measure(node: Node, op: () => Promise<void>): Promise<Measured> {
  await quiet(node.monitor);
  node.monitor.reset();
  const marks = node.acks.length;
  await op();
  await settle(node);
  const commands = node.monitor.taken();
  if (node.acks.length !== marks + 1)
    throw new Error(`expected one HTTP answer, saw ${node.acks.length - marks}`);
  return { commands, beforeAck: commands.slice(0, node.acks.at(-1)) };
}

async function measureSlack(
  uri: string,
  dbName: string,
): Promise<Pick<RoundTrips, 'slackLead' | 'slackFirstLead' | 'claim' | 'digest'>> {
  const userOf = (h: string) => `U0${h.toUpperCase()}`;
  const fake = await createFakeSlack({
    users: HANDLES.map(([h]) => ({ id: userOf(h), name: h, real_name: h })),
  });
  const base = await startNode(uri, dbName);
  const { app, http } = base;
  try {
    const { team, handleOf } = await seedTeam(app, (h) => slackAddress(fake.team.id, userOf(h)), {
      platform: 'slack',
      id: CHANNEL,
    });
    const slack = createSlackApp({
      config: {
        botToken: 'xoxb-round-trips',
        signingSecret: TEST_SIGNING_SECRET,
        apiUrl: fake.url,
        mode: 'http',
      },
      interactions: app.interactions,
      journal: app.journal,
      log: createLogger({ level: 'silent' }),
      http,
      identity: { teamId: fake.team.id, botId: fake.bot.botId, botUserId: fake.bot.userId },
      retries: 0,
    });
    app.outbox.addSender(slack.sender);
    await app.start();
    await slack.start();
    const url = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}/slack/events`;
    const node: Node = { ...base, acks: markAcks(http.server, base.monitor) };
    const lead = async (sdr: string, text: string) => {
      const command = slashCommand(fake, {
        command: '/lead',
        text,
        user_id: userOf(sdr),
        channel_id: CHANNEL,
      });
      const answered = fake.ephemeralsIn(CHANNEL).length;
      const measured = await measure(node, async () => expectOk(await postToApp(url, 'command', command)));
      if (
        !fake
          .ephemeralsIn(CHANNEL)
          .slice(answered)
          .some((m) => m.ephemeral_to === userOf(sdr))
      )
        throw new Error('the SDR was not answered');
      return measured;
    };
    const slackFirstLead = await lead('rep1', 'Initech; Bill Lumbergh; bill@initech.example; inbound');
    const slackLead = await lead('sdr1', 'Umbrella; Alice Spencer; alice@umbrella.example; inbound');
    const created = await app.stores.leads.list({ teamId: team.id });
    const measuredLead = created.find((l) => l.keys.domain === 'umbrella.example');
    const card = fake.lastMessageTo(CHANNEL);
    if (!measuredLead?.offeredTo || !card) throw new Error('the /lead left no offered lead and card');
    const ae = handleOf.get(measuredLead.offeredTo)!;
    const click = blockAction(fake, {
      user: userOf(ae),
      message: card,
      actions: [{ action_id: `lead.claim:${measuredLead.id}` }],
    });
    const claim = await measure(node, async () => expectOk(await postToApp(url, 'interaction', click)));
    if ((await app.stores.leads.get(measuredLead.id))?.ownerId !== measuredLead.offeredTo)
      throw new Error('the claim did not take');
    const digest = await measureDigest(node, team.id);
    await slack.stop();
    return { slackLead, slackFirstLead, claim, digest };
  } finally {
    await stopNode(base);
    await fake.close();
  }
}

async function measureDigest(node: Node, teamId: string): Promise<RoundTrips['digest']> {
  await quiet(node.monitor);
  node.monitor.reset();
  const recipients = await fanOutDigest(node.app.core, teamId, localDate('UTC', node.app.clock.now()));
  await node.app.outbox.drain();
  return { commands: node.monitor.taken(), recipients };
}

async function measureTelegram(
  uri: string,
  dbName: string,
): Promise<Pick<RoundTrips, 'telegramLead' | 'telegramFirstLead'>> {
  const fake = await createFakeTelegram({
    bots: [{ token: TG_TOKEN, username: 'round_trips_bot' }],
    validation: 'record',
  });
  const idOf = (h: string) => 7000 + HANDLES.findIndex(([x]) => x === h);
  const users = HANDLES.map(([h]) => fake.user({ id: idOf(h), first_name: h, username: h }));
  fake.group({ id: GROUP, title: 'Sales', type: 'supergroup', members: users });
  const base = await startNode(uri, dbName);
  const { app, http } = base;
  try {
    await seedTeam(app, (h) => `telegram:${idOf(h)}`, { platform: 'telegram', id: String(GROUP) });
    const port = await http.listen(0, '127.0.0.1');
    const tg = createTelegramBot({
      config: {
        botToken: TG_TOKEN,
        apiRoot: fake.apiRoot,
        mode: 'webhook',
        webhookUrl: `http://127.0.0.1:${port}/telegram/webhook`,
        webhookSecret: 'round-trips-secret',
        webhookPath: '/telegram/webhook',
      },
      interactions: app.interactions,
      journal: app.journal,
      stores: app.persistence.telegram,
      log: createLogger({ level: 'silent' }),
      http,
    });
    app.outbox.addSender(tg.sender);
    await app.start();
    await tg.start();
    const node: Node = { ...base, acks: markAcks(http.server, base.monitor) };
    const chatOf = (c: { params: unknown }) => Number((c.params as { chat_id?: unknown }).chat_id);
    const lead = async (sdr: (typeof users)[number], text: string) => {
      const before = fake.calls('sendMessage').length;
      const sentSince = (chat: number) =>
        fake
          .calls('sendMessage')
          .slice(before)
          .some((c) => chatOf(c) === chat);
      const measured = await measure(node, async () => {
        fake.sendText(sdr, sdr, `/lead ${text}`);
        const deadline = Date.now() + 30_000;
        while (!sentSince(GROUP) || !sentSince(sdr.id)) {
          if (Date.now() > deadline) throw new Error('no card in the group or no answer to the SDR');
          await new Promise((r) => setTimeout(r, 10));
        }
      });
      return measured;
    };
    const telegramFirstLead = await lead(users[5]!, 'Initech; Bill Lumbergh; bill@initech.example; inbound');
    const telegramLead = await lead(users[1]!, 'Umbrella; Alice Spencer; alice@umbrella.example; inbound');
    await tg.stop();
    return { telegramLead, telegramFirstLead };
  } finally {
    await stopNode(base);
    await fake.close();
  }
}

function expectOk(res: { status: number }): void {
  if (res.status !== 200) throw new Error(`the app answered ${res.status}`);
}

async function stopNode(node: Omit<Node, 'acks'>): Promise<void> {
  await node.app.stop();
  await node.http.close();
  await node.conn.dropDatabase().catch(() => undefined);
  await node.conn.close();
  await node.plain.close();
}

/** Measures every operation of the budget, each on a fresh database named `<dbPrefix>_…`. */
export async function measureRoundTrips(uri: string, dbPrefix: string): Promise<RoundTrips> {
  const slack = await measureSlack(uri, `${dbPrefix}_slack`);
  const telegram = await measureTelegram(uri, `${dbPrefix}_tg`);
  return { ...slack, ...telegram };
}

/** The bench's line: `round trips: /lead 11, claim 7, digest per recipient 3` (the worse platform's /lead in a running process). */
export function roundTripsLine(r: RoundTrips): string {
  const lead = Math.max(r.slackLead.commands.length, r.telegramLead.commands.length);
  const perRecipient = r.digest.commands.length / r.digest.recipients;
  return `round trips: /lead ${lead}, claim ${r.claim.commands.length}, digest per recipient ${Number(perRecipient.toFixed(1))}`;
}

/** What a team's first /lead in a process costs (it reads the team's sequence heads once), worse platform. */
export function firstLeadLine(r: RoundTrips): string {
  const first = Math.max(r.slackFirstLead.commands.length, r.telegramFirstLead.commands.length);
  return `round trips: a team's first /lead in a process ${first}`;
}
