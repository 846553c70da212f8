import mongoose from 'mongoose';
import { createApp } from '../../src/app.js';
import { createTelegramBot } from '../../src/chat/telegram/create-telegram-bot.js';
import { localDate } from '../../src/core/time.js';
import { rebuildKpiFacts } from '../../src/core/kpi/rebuild-kpi-facts.js';
import { fanOutDigest } from '../../src/jobs/digests.js';
import { createLogger } from '../../src/logger.js';
import { createFakeTelegram } from '../../test/fakes/telegram/fake-telegram.js';
import type { BenchDb } from './bench-db.js';
import type { Knobs } from './knobs.js';
import { seedHistory, seedPeople, seedTeam } from './seed.js';
import { fmt, section } from './stats.js';

const TOKEN = '444444:DIGEST-HISTORY-BENCH-0123456789';

/**
 * B5, the digest run: a team of 1,000 people with 100,000 leads of history (300 people and
 * 10,000 leads with BENCH_QUICK) gets its morning digest — every person their own report, the
 * manager the team's — through the outbox and the Telegram sender to the fake Bot API (no rate
 * limits here: B4 measures those). Reports the wall time and the database commands (round trips)
 * per recipient, counted by the driver's command monitoring from the fan-out to the last message.
 */
export async function benchDigestHistory(db: BenchDb, knobs: Knobs): Promise<void> {
  const people = knobs.quick ? 300 : 1000;
  const leads = knobs.quick ? 10_000 : 100_000;
  const say = section(`B5 digest run: ${people} people, ${leads} leads of history`);
  const dbName = `b5d_${Math.random().toString(36).slice(2, 8)}`;
  const conn = mongoose.createConnection(db.uri, { dbName, monitorCommands: true, bufferCommands: false });
  await conn.asPromise();
  let commands = 0;
  const byName = new Map<string, number>();
  conn.getClient().on('commandStarted', (e) => {
    commands++;
    const what = `${e.commandName} ${String((e.command as Record<string, unknown>)[e.commandName])}`;
    byName.set(what, (byName.get(what) ?? 0) + 1);
  });
  const fake = await createFakeTelegram({
    bots: [{ token: TOKEN, username: 'digest_history_bot' }],
    validation: 'record',
  });
  const log = createLogger({ level: 'silent' });
  const fast = { perSecond: 10_000, burst: 10_000 };
  const app = await createApp({
    config: { defaults: { timezone: 'UTC', locale: 'en' }, runJobs: false },
    log,
    connection: conn,
    outbox: { limits: { telegram: { direct: fast, channel: fast, global: fast } } },
  });
  const tg = createTelegramBot({
    config: { botToken: TOKEN, apiRoot: fake.apiRoot, mode: 'polling' },
    interactions: app.interactions,
    journal: app.journal,
    stores: app.persistence.telegram,
    log,
  });
  try {
    const ids = new Map<string, number>();
    const address = (h: string) => `telegram:${ids.get(h) ?? ids.set(h, 9000 + ids.size).get(h)!}`;
    const t = await seedTeam(app.core, { address, sdrs: 5, aes: 8 });
    await seedPeople(conn, t.sdrs[0]!, people - 14, address);
    for (const [handle, id] of ids) fake.user({ id, first_name: handle, username: handle });
    const now = new Date();
    let started = performance.now();
    await seedHistory(conn, t, leads, now);
    say(`seeded ${ids.size} people and ${leads} leads in ${fmt((performance.now() - started) / 1000, ' s')}`);
    started = performance.now();
    await rebuildKpiFacts(app.core, t.team.id);
    say(`built the KPI facts in ${fmt((performance.now() - started) / 1000, ' s')}`);
    app.outbox.addSender(tg.sender);
    await app.start();
    commands = 0;
    byName.clear();
    const t0 = performance.now();
    const notices = await fanOutDigest(app.core, t.team.id, localDate('UTC', now));
    await app.outbox.drain();
    const wall = (performance.now() - t0) / 1000;
    const sent =
      fake.calls('sendMessage').filter((c) => c.ok).length +
      fake.calls('sendDocument').filter((c) => c.ok).length;
    say(
      `${notices} digests → ${sent} messages in ${fmt(wall, ' s')} (${fmt((wall * 1000) / notices, ' ms')} per recipient)`,
    );
    say(`database round trips: ${commands} = ${fmt(commands / notices)} per recipient, of which:`);
    for (const [what, n] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 8))
      say(`  ${what}: ${fmt(n / notices)} per recipient`);
    console.log(
      `B5 digest run ${ids.size} people, ${leads} leads: ${fmt(wall, ' s')} wall, ${fmt(commands / notices)} DB round trips per recipient`,
    );
  } finally {
    await app.stop();
    await fake.close();
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  }
}
