// The database stops for 10 s while /lead traffic keeps coming: people get "try again", /healthz
// says 503, nothing acknowledged is lost, and the bot recovers by itself when the database is back.
// A FerretDB of this test's own is stopped and started again on the same directory and port.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { commandKey } from '../../src/chat/slack/listeners/commands/run-command.js';
import { createSlackApp, type SlackApp } from '../../src/chat/slack/create-slack-app.js';
import { idFromKey } from '../../src/core/ids.js';
import type { Team } from '../../src/core/roster/team.js';
import { createHealthHandler } from '../../src/http/healthz.js';
import { createHttpServer, type HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { startEmbeddedDb, type EmbeddedDb } from '../../src/store/embedded-db.js';
import { postToApp, slashCommand, TEST_SIGNING_SECRET, type FakeSlack } from '../fakes/slack/index.js';
import { textOf } from '../chat/slack/harness.js';
import { waitForExit } from '../support/spawn-bot.js';
import { deliveries, fakeSlackTeam, LEADS_CHANNEL, SDR, seedSlackTeam, until } from './slack-team.js';

jest.setTimeout(180_000);

const OUTAGE_MS = 10_000;
const TRY_AGAIN = /database is not answering/i;

describe('the database stops for 10 s during traffic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-outage-db-'));
  let server: EmbeddedDb;
  let port: number;
  let db: Database;
  let fake: FakeSlack;
  let app: App;
  let slack: SlackApp;
  let http: HttpServer;
  let team: Team;
  let base: string;

  beforeAll(async () => {
    server = await startEmbeddedDb({ dir });
    port = Number(new URL(server.uri).port);
    const log = createLogger({ level: 'silent' });
    db = await openDatabase({ mongodbUri: `${server.uri}baton`, dataDir: dir, log });
    fake = await fakeSlackTeam();
    team = await seedSlackTeam(db.connection, fake);
    app = await createApp({
      config: { defaults: { timezone: 'UTC', locale: 'en' }, runJobs: false },
      log,
      connection: db.connection,
      // Slack's real pace is the outbox's own tests' business; retries every 300 ms keep this short.
      outbox: {
        backoffMs: () => 300,
        limits: { slack: { direct: { perSecond: 50, burst: 50 }, channel: { perSecond: 50, burst: 50 } } },
      },
    });
    http = createHttpServer({ log });
    slack = createSlackApp({
      config: { botToken: 'xoxb-outage', signingSecret: TEST_SIGNING_SECRET, apiUrl: fake.url, mode: 'http' },
      interactions: app.interactions,
      journal: app.journal,
      log,
      http,
      identity: { teamId: fake.team.id, botId: fake.bot.botId, botUserId: fake.bot.userId },
      retries: 0,
    });
    app.outbox.addSender(slack.sender);
    app.addReplayer(slack.replayer);
    http.route(
      'GET',
      '/healthz',
      createHealthHandler({ database: db, platforms: () => ({}), startedAt: new Date() }),
    );
    await app.start();
    app.recovery.start(500);
    base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  });
  afterAll(async () => {
    await app.stop();
    await http.close();
    await fake.close();
    await db.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const health = async () => (await fetch(`${base}/healthz`)).status;

  it('answers "try again", reports 503, loses nothing acknowledged and recovers by itself', async () => {
    const sent: { i: number; key: string; status: number }[] = [];
    let i = 0;
    let traffic = true;
    const issued: string[] = [];
    const send = async () => {
      const n = i++;
      const cmd = slashCommand(fake, {
        command: '/lead',
        text: `Outage ${n} Ltd; Buyer ${n}; buyer${n}@outage${n}.example; inbound`,
        user_id: SDR,
        channel_id: LEADS_CHANNEL,
      });
      issued.push(commandKey(fake.team.id, cmd.trigger_id));
      const res = await postToApp(`${base}/slack/events`, 'command', cmd).catch(() => ({ status: 0 }));
      sent.push({ i: n, key: commandKey(fake.team.id, cmd.trigger_id), status: res.status });
    };
    const pump = (async () => {
      const inFlight: Promise<void>[] = [];
      while (traffic) {
        inFlight.push(send());
        await new Promise((r) => setTimeout(r, 300));
      }
      await Promise.all(inFlight);
    })();

    await new Promise((r) => setTimeout(r, 1500));
    expect(await health()).toBe(200);
    // A burst right as the database goes: some requests are recorded and half done.
    const from = issued.length;
    const burst = Array.from({ length: 8 }, send);
    const journalled = db.connection.collection('inbound_journal');
    await until(
      async () =>
        (await journalled.countDocuments({
          _id: { $in: issued.slice(from) },
          doneAt: { $exists: false },
        } as never)) > 0,
      'a request of the burst to be under way',
      10_000,
    );
    // The database goes away hard (SIGKILL: no graceful finish of the requests in flight).
    process.kill(server.pid, 'SIGKILL');
    await waitForExit(server.pid);
    const downSince = Date.now();
    await until(async () => (await health()) === 503, '/healthz to say 503', 8000);
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - downSince))));
    server = await startEmbeddedDb({ dir, port });
    await until(async () => (await health()) === 200, '/healthz to say 200 again', 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    traffic = false;
    await pump;
    await Promise.all(burst);

    // Everything recorded in the journal (acknowledged work) gets finished: one lead, one card, one offer.
    const journal = db.connection.collection('inbound_journal');
    const recorded = sent.filter((s) => s.status === 200);
    await until(
      async () => (await journal.countDocuments({ doneAt: { $exists: false } })) === 0,
      'every recorded request to finish',
      // A request whose own runner could not even release it during the outage waits out its
      // 60 s lease before recovery takes it over: on a busy machine that is the usual case.
      90_000,
    );
    const leads = db.connection.collection('leads');
    let finished = 0;
    for (const s of sent) {
      const entry = await journal.findOne({ _id: s.key } as never);
      const lead = await leads.findOne({ _id: idFromKey('lead', `${team.id}:${s.key}`) } as never);
      if (!entry) {
        expect({ i: s.i, lead: lead !== null }).toEqual({ i: s.i, lead: false }); // told "try again": nothing saved
        continue;
      }
      finished++;
      await until(() => deliveries(fake, `Outage ${s.i} Ltd`).cards === 1, `the card of lead ${s.i}`, 20_000);
      await until(
        () => deliveries(fake, `Outage ${s.i} Ltd`).offers === 1,
        `the offer of lead ${s.i}`,
        20_000,
      );
    }
    await app.outbox.drain();
    for (const s of sent) {
      const d = deliveries(fake, `Outage ${s.i} Ltd`);
      expect({ i: s.i, twice: d.cards > 1 || d.offers > 1 }).toEqual({ i: s.i, twice: false });
      expect(await leads.countDocuments({ 'fields.company': `Outage ${s.i} Ltd` })).toBeLessThanOrEqual(1);
    }
    expect(finished).toBeGreaterThan(0);
    expect(recorded.length).toBeGreaterThan(0);
    // People whose request could not be recorded, or not finished, were told to try again.
    const apologies = fake.ephemeralsIn(LEADS_CHANNEL).filter((m) => TRY_AGAIN.test(textOf(m)));
    expect(apologies.length).toBeGreaterThan(0);
    // And the bot works again on its own: a new /lead after the outage goes through.
    const after = sent.filter((s) => s.status === 200).at(-1)!;
    expect(
      await leads.findOne({ _id: idFromKey('lead', `${team.id}:${after.key}`) } as never),
    ).not.toBeNull();
  });
});
