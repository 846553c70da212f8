import { createApp } from '../../src/app.js';
import { createTelegramBot } from '../../src/chat/telegram/create-telegram-bot.js';
import { localDate } from '../../src/core/time.js';
import { fanOutDigest } from '../../src/jobs/digests.js';
import { createLogger } from '../../src/logger.js';
import { createFakeTelegram } from '../../test/fakes/telegram/fake-telegram.js';
import type { BenchDb } from './bench-db.js';
import type { Knobs } from './knobs.js';
import { seedPeople, seedTeam } from './seed.js';
import { fmt, section, verdict, type Verdict } from './stats.js';

/** The common rate (messages/s per bot) the fake enforces and the outbox keeps to. */
const RATE = 100;
const TOKEN = '333333:DIGEST-BENCH-TOKEN-0123456789';

/**
 * B4: the daily digest of a team of `recipients` people fanned out on Telegram through the fake
 * Bot API enforcing Telegram's limits (1 message/s per private chat, `RATE`/s per bot instead of
 * 30/s so the run takes seconds; the outbox is configured with the same numbers). Wall time from
 * the fan-out to the last message received ÷ (recipients ÷ RATE); every 429 must be one the outbox
 * handled (waited out and sent again), and no one may get their digest twice.
 */
export async function benchDigest(db: BenchDb, knobs: Knobs): Promise<Verdict[]> {
  const recipients = knobs.quick ? 300 : 1000;
  const say = section(`B4 digest fan-out to ${recipients} Telegram recipients at ${RATE} messages/s`);
  const fake = await createFakeTelegram({
    bots: [{ token: TOKEN, username: 'digest_bench_bot' }],
    validation: 'record',
    rateLimits: { perBotPerSecond: RATE, perPrivateChatPerSecond: 1, privateChatBurst: 3 },
  });
  const { conn } = await db.connect('b4');
  const log = createLogger({ level: 'silent' });
  const limits = {
    telegram: {
      direct: { perSecond: 1, burst: 3 },
      channel: { perSecond: 17 / 60, burst: 3 },
      global: { perSecond: RATE, burst: RATE },
    },
  };
  const app = await createApp({
    config: { defaults: { timezone: 'UTC', locale: 'en' }, runJobs: false },
    log,
    connection: conn,
    outbox: { limits },
  });
  const tg = createTelegramBot({
    config: { botToken: TOKEN, apiRoot: fake.apiRoot, mode: 'polling' },
    interactions: app.interactions,
    journal: app.journal,
    stores: app.persistence.telegram,
    log,
  });
  const ids = new Map<string, number>();
  const idOf = (h: string) => ids.get(h) ?? ids.set(h, 7000 + ids.size).get(h)!;
  const started = performance.now();
  // The boss (a manager: also the team digest, +1 message), an AE, and SDRs.
  const address = (h: string) => `telegram:${idOf(h)}`;
  const t = await seedTeam(app.core, { address, sdrs: 1, aes: 1 });
  await seedPeople(conn, t.sdrs[0]!, recipients - 3, address);
  for (const [handle, id] of ids) fake.user({ id, first_name: handle, username: handle });
  say(`seeded ${ids.size} people in ${fmt((performance.now() - started) / 1000, ' s')}`);
  app.outbox.addSender(tg.sender);
  await app.start();

  const t0 = performance.now();
  const notices = await fanOutDigest(app.core, t.team.id, localDate('UTC', new Date()));
  await app.outbox.drain();
  const wall = (performance.now() - t0) / 1000;
  const sends = fake.calls('sendMessage').filter((c) => c.ok);
  // A duplicate is the same message twice in one chat (the boss gets two different digests).
  const seen = new Map<string, number>();
  const chats = new Set<number>();
  for (const c of sends) {
    const p = c.params as { chat_id?: unknown; text?: unknown };
    chats.add(Number(p.chat_id));
    const k = `${String(p.chat_id)}|${String(p.text)}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const twice = [...seen.values()].filter((k) => k > 1).length;
  const expected = ids.size + 1;
  const ideal = expected / RATE;
  const m = app.outbox.metrics();
  const afterBurst = Math.max(0, expected - RATE) / RATE;
  say(`${notices} notices → ${sends.length} messages to ${chats.size} chats in ${fmt(wall, ' s')}`);
  say(
    `recipients ÷ rate = ${fmt(ideal, ' s')}; after the first ${RATE} (a burst both allow) ${fmt(afterBurst, ' s')}: ${fmt(wall / afterBurst)}×`,
  );
  say(
    `429s served by the fake: ${fake.stats.served429}, handled by the outbox: ${m.rateLimited}; failed: ${m.failed}; messages sent twice: ${twice}`,
  );
  await app.stop();
  await fake.close();
  const ok =
    sends.length === expected && twice === 0 && m.failed === 0 && fake.stats.served429 === m.rateLimited;
  const raw = `${fmt(wall, ' s')} ÷ (${expected} ÷ ${RATE}/s); ${fake.stats.served429} 429s, all handled: ${fake.stats.served429 === m.rateLimited}; duplicates: ${twice}`;
  return [
    verdict(
      'B4',
      `digest fan-out to ${expected} (wall ÷ ideal)${ok ? '' : ' — DELIVERY CHECK FAILED'}`,
      ok ? wall / ideal : Infinity,
      { max: 1.1 },
      raw,
    ),
  ];
}
