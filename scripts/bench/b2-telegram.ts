import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { createFakeTelegram } from '../../test/fakes/telegram/fake-telegram.js';
import type { BenchDb } from './bench-db.js';
import { startChild } from './child.js';
import { FLOOR_COLLECTION, LATENCY_GOAL } from './floor.js';
import type { Knobs } from './knobs.js';
import { runPool } from './pool.js';
import { seedTeam } from './seed.js';
import { token } from './slack-fake.js';
import { alternate, fmt, median, percentile, section, verdict, type Verdict } from './stats.js';

const GROUP = -100777;
const BATON = { token: '111111:BATON-BENCH-TOKEN-0123456789', username: 'baton_bench_bot' };
const BARE = { token: '222222:BARE-BENCH-TOKEN-0123456789', username: 'bare_bench_bot' };
const userId = (handle: string) => 5000 + ['boss', 'sdr1', 'ae1', 'ae2', 'ae3'].indexOf(handle);

/**
 * B2: a Telegram `/lead` update → its card sent to the team group, for Baton (the real app and
 * adapter, webhook mode, in a child process) and for the floor, a telegraf bot doing the least a
 * durable bot must (check the secret, insert one document into the same database, answer the
 * webhook, send one message; another child), through the fake Bot API's webhook deliveries, in
 * alternating rounds at concurrency 1, 10 and 50 (closed loop, as B1).
 */
export async function benchTelegram(db: BenchDb, knobs: Knobs): Promise<Verdict[]> {
  const say = section(
    'B2 Telegram /lead end to end (card sent), Baton ÷ floor (telegraf: verify, insert, ack, send)',
  );
  const fake = await createFakeTelegram({ bots: [BATON, BARE], validation: 'record' });
  const waiting = new Map<number, (at: number) => void>();
  // Sees every call as it is recorded (a wait that never matches, so it never ends).
  fake
    .waitForCall(
      'sendMessage',
      (call) => {
        const p = call.params as { chat_id?: unknown; text?: unknown };
        const m = /BTK(\d+)Z/.exec(typeof p.text === 'string' ? p.text : '');
        if (m && Number(p.chat_id) === GROUP) waiting.get(Number(m[1]))?.(performance.now());
        return false;
      },
      24 * 3600_000,
    )
    .catch(() => undefined);
  const people = ['boss', 'sdr1', 'ae1', 'ae2', 'ae3'].map((h) =>
    fake.user({ id: userId(h), first_name: h, username: h }),
  );
  fake.group({ id: GROUP, title: 'Sales', type: 'supergroup', members: people });
  const sdr = people[1]!;

  const { conn, dbName } = await db.connect('b2');
  await conn.createCollection(FLOOR_COLLECTION);
  const seeding = await createApp({
    config: { defaults: { timezone: 'UTC', locale: 'en' }, runJobs: false },
    log: createLogger({ level: 'silent' }),
    connection: conn,
  });
  await seedTeam(seeding.core, {
    address: (h) => `telegram:${userId(h)}`,
    sdrs: 1,
    aes: 3,
    channel: { platform: 'telegram', id: String(GROUP) },
  });
  const base = { mongodbUri: db.uri, dbName, apiRoot: fake.apiRoot, secret: 'bench-secret', group: GROUP };
  const baton = await startChild('./telegram-baton-child.ts', { ...base, token: BATON.token });
  const bare = await startChild('./telegram-bare-child.ts', { ...base, token: BARE.token });

  let n = 1_000_000;
  async function load(bot: string, concurrency: number, total: number) {
    const latencies: number[] = [];
    await runPool(total, concurrency, async () => {
      const i = ++n;
      const sent = new Promise<number>((resolve, reject) => {
        waiting.set(i, resolve);
        setTimeout(
          () => reject(new Error(`no card for update ${i} in ${knobs.cardTimeoutMs / 1000} s`)),
          knobs.cardTimeoutMs,
        ).unref();
      });
      const t0 = performance.now();
      fake.sendText(sdr, sdr, `/lead Co ${token(i)}; Buyer ${i}; buyer${i}@btk${i}.example; inbound`, {
        bot,
      });
      latencies.push((await sent) - t0);
      waiting.delete(i);
    });
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  }

  await load(BATON.token, 1, 5); // warm-up
  await load(BARE.token, 1, 5);
  const out: Verdict[] = [];
  for (const [c, total] of knobs.latencyLevels) {
    const [b, f] = await alternate(knobs.rounds, [
      () => load(BATON.token, c, total),
      () => load(BARE.token, c, total),
    ]);
    const med = (rs: { p50: number; p99: number }[], k: 'p50' | 'p99') => median(rs.map((r) => r[k]));
    say(
      `c=${c}: Baton p50 ${b!.map((r) => fmt(r.p50)).join('/')} p99 ${b!.map((r) => fmt(r.p99)).join('/')} ms; floor p50 ${f!.map((r) => fmt(r.p50)).join('/')} p99 ${f!.map((r) => fmt(r.p99)).join('/')} ms`,
    );
    const ratio = (k: 'p50' | 'p99') => med(b!, k) / med(f!, k);
    const raw = (k: 'p50' | 'p99') => `${fmt(med(b!, k), ' ms')} ÷ ${fmt(med(f!, k), ' ms')}`;
    say(`c=${c}: ratio p50 ${fmt(ratio('p50'))}× (${raw('p50')}), p99 ${fmt(ratio('p99'))}× (${raw('p99')})`);
    for (const k of ['p50', 'p99'] as const)
      out.push(verdict('B2', `Telegram ${k} at c=${c}`, ratio(k), { max: LATENCY_GOAL[k] }, raw(k)));
  }
  await baton.stop();
  await bare.stop();
  await seeding.outbox.stop();
  await fake.close();
  return out;
}
