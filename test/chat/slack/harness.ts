// End-to-end harness for the Slack adapter: the real application (createApp: stores on the test
// database, outbox, interactions) + the real Bolt app mounted on our HTTP server, talking to the
// fake Slack over HTTP. A team is seeded through the real use cases, with Slack addresses.
import type { Connection } from 'mongoose';
import { createApp, type App } from '../../../src/app.js';
import { ManualClock } from '../../../src/core/clock.js';
import type { Person } from '../../../src/core/roster/person.js';
import type { Team } from '../../../src/core/roster/team.js';
import { addMember, setTeamChannel, setupTeam } from '../../../src/core/roster/index.js';
import { createSlackApp, type SlackApp } from '../../../src/chat/slack/create-slack-app.js';
import { slackAddress } from '../../../src/chat/slack/ids.js';
import { createHttpServer, type HttpServer } from '../../../src/http/server.js';
import { createLogger } from '../../../src/logger.js';
import {
  createFakeSlack,
  postToApp,
  slashCommand,
  TEST_SIGNING_SECRET,
  type FakeSlack,
  type FakeSlackOptions,
  type FakeUserInput,
  type PostToAppOptions,
} from '../../fakes/slack/index.js';
import { dropAndClose, openTestConnection } from '../../support/db.js';
import type { Locale } from '../../../src/core/roster/team.js';

export const LEADS_CHANNEL = 'C0LEADS';

/** A member to seed: a Slack user and their roles in the team. */
export type Member = FakeUserInput & {
  roles: string[];
  /** Baton's language for the person. */ lang?: Locale;
  /** Their work email (calendar invites name them by it). */ email?: string;
};

export type Harness = {
  fake: FakeSlack;
  app: App;
  slack: SlackApp;
  http: HttpServer;
  conn: Connection;
  clock: ManualClock;
  /** `http://127.0.0.1:PORT/slack/events` */
  url: string;
  team: Team;
  /** People by Slack user id. */
  people: Map<string, Person>;
  /** Every log line (JSON), for "logged once" checks. */
  logs: Record<string, unknown>[];
  /** Sends a signed slash command as `user` from `channel` (default the leads channel). */
  command(
    user: string,
    command: string,
    text?: string,
    opts?: PostToAppOptions & { channel?: string },
  ): ReturnType<typeof postToApp>;
  /** Waits until every journalled request finished and the outbox has nothing left to send. */
  settle(): Promise<void>;
  close(): Promise<void>;
};

/**
 * Starts the fake Slack, the application on a fresh database, and the Slack adapter on our HTTP
 * server. `boss` (admin + manager) sets the team up; `members` are added by the boss.
 */
export async function startHarness(opts: {
  boss?: FakeUserInput;
  members: Member[];
  strangers?: FakeUserInput[];
  fake?: FakeSlackOptions;
  start?: string;
  /** Socket Mode (an app-level token, the fake's WebSocket) instead of signed HTTP requests. */
  socketMode?: boolean;
}): Promise<Harness> {
  const boss: Member = {
    id: 'U0BOSS',
    name: 'boss',
    real_name: 'Boss',
    roles: ['admin', 'manager'],
    ...opts.boss,
  };
  const fake = await createFakeSlack({
    ...opts.fake,
    users: [boss, ...opts.members, ...(opts.strangers ?? [])],
  });
  const conn = await openTestConnection();
  const logs: Record<string, unknown>[] = [];
  const log = createLogger({
    level: 'info',
    destination: { write: (s: string) => void logs.push(JSON.parse(s) as Record<string, unknown>) },
  });
  const clock = new ManualClock(opts.start ?? '2026-12-01T09:00:00Z');
  const app = await createApp({
    config: { defaults: { timezone: 'UTC', locale: 'en' }, runJobs: false },
    log,
    connection: conn,
    clock,
    // Slack's real pace (1 message/s per chat) is the outbox's own test's business; here it only
    // slows the flows down.
    outbox: {
      backoffMs: () => 200,
      limits: { slack: { direct: { perSecond: 100, burst: 100 }, channel: { perSecond: 100, burst: 100 } } },
    },
  });
  const ctx = (actorId?: string) => ({
    ...(actorId ? { actorId } : {}),
    source: 'cli' as const,
    key: `seed:${Math.random()}`,
    now: clock.now(),
  });
  const address = (u: string) => slackAddress(fake.team.id, u);
  const { team, admin } = await setupTeam(
    app.core,
    {
      teamName: 'Sales',
      founder: { address: address(boss.id), name: 'Boss', username: 'boss' },
      timezone: 'Europe/Berlin',
    },
    ctx(),
  );
  await setTeamChannel(app.core, { platform: 'slack', id: LEADS_CHANNEL }, ctx(admin.id));
  const people = new Map<string, Person>([[boss.id, admin]]);
  for (const m of opts.members) {
    const handle = (m.name ?? m.id).toLowerCase();
    const p = await addMember(
      app.core,
      {
        name: m.real_name ?? m.name ?? m.id,
        handle,
        roles: m.roles,
        address: address(m.id),
        ...(m.tz ? { timezone: m.tz } : {}),
        ...(m.lang ? { locale: m.lang } : {}),
        ...(m.email ? { email: m.email } : {}),
      },
      ctx(admin.id),
    );
    people.set(m.id, p);
  }
  const http = createHttpServer({ log });
  const slack = createSlackApp({
    config: opts.socketMode
      ? { botToken: 'xoxb-test', appToken: 'xapp-1-test', apiUrl: fake.url, mode: 'socket' }
      : { botToken: 'xoxb-test', signingSecret: TEST_SIGNING_SECRET, apiUrl: fake.url, mode: 'http' },
    interactions: app.interactions,
    journal: app.journal,
    log,
    http,
    identity: { teamId: fake.team.id, botId: fake.bot.botId, botUserId: fake.bot.userId },
    retries: 0,
  });
  // Welcome notices of the seeding were for no platform yet: the fake starts empty.
  app.outbox.addSender(slack.sender);
  await app.start();
  await slack.start();
  const port = await http.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/slack/events`;
  const journal = conn.collection('inbound_journal');

  return {
    fake,
    app,
    slack,
    http,
    conn,
    clock,
    url,
    team: (await app.stores.teams.get(team.id)) ?? team,
    people,
    logs,
    command: (user, command, text = '', o = {}) =>
      postToApp(
        url,
        'command',
        slashCommand(fake, { command, text, user_id: user, channel_id: o.channel ?? LEADS_CHANNEL }),
        o,
      ),
    async settle() {
      const deadline = Date.now() + 15_000;
      while ((await journal.countDocuments({ doneAt: { $exists: false } })) > 0) {
        if (Date.now() > deadline) throw new Error('requests did not finish in 15 s');
        await new Promise((r) => setTimeout(r, 20));
      }
      await app.outbox.drain();
    },
    async close() {
      await slack.stop();
      await http.close();
      await app.stop();
      await fake.close();
      await dropAndClose(conn);
    },
  };
}

/** The plain text of a stored message: its fallback and every text in its blocks. */
export function textOf(m: { text?: string; blocks?: unknown[] } | undefined): string {
  if (!m) return '';
  const parts: string[] = [m.text ?? ''];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(visit);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (typeof o.text === 'string') parts.push(o.text);
      Object.values(o).forEach(visit);
    }
  };
  visit(m.blocks ?? []);
  return parts.join('\n');
}

/** The action_ids of the buttons in a stored message. */
export function buttonsOf(m: { blocks?: unknown[] } | undefined): string[] {
  const ids: string[] = [];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(visit);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'button' && typeof o.action_id === 'string') ids.push(o.action_id);
      Object.values(o).forEach(visit);
    }
  };
  visit(m?.blocks ?? []);
  return ids;
}
