import { createApp } from '../../src/app.js';
import { slackAddress } from '../../src/chat/slack/ids.js';
import { createLogger } from '../../src/logger.js';
import { postToApp, slashCommand, TEST_SIGNING_SECRET } from '../../test/fakes/slack/index.js';
import type { BenchDb } from './bench-db.js';
import { startChild, type BenchChild } from './child.js';
import { FLOOR_COLLECTION, LATENCY_GOAL } from './floor.js';
import type { Knobs } from './knobs.js';
import { runPool } from './pool.js';
import { seedTeam } from './seed.js';
import { LEADS_CHANNEL, slackUser, token, trackedFakeSlack } from './slack-fake.js';
import { alternate, fmt, median, percentile, section, verdict, type Verdict } from './stats.js';

type Round = { p50: number; p99: number };

/**
 * B1: Slack `/lead` end to end — a signed slash command → the lead stored and routed → its card
 * posted to the fake Web API — for Baton (the real app and adapter in a child process) and for the
 * floor, a Bolt app doing the least a durable bot must (verify, insert one document into the same
 * database, ack, post one message; another child), in alternating rounds at concurrency 1, 10 and
 * 50 (closed loop: each client sends its next command once its card came).
 * Also B6: Baton's resident memory idle and after each round of B1.
 */
export async function benchSlack(db: BenchDb, knobs: Knobs): Promise<Verdict[]> {
  const say = section(
    'B1 Slack /lead end to end (card posted), Baton ÷ floor (Bolt: verify, insert, ack, post); B6 memory',
  );
  const waiting = new Map<number, (at: number) => void>();
  const fake = await trackedFakeSlack({
    handles: ['boss', 'sdr1', 'ae1', 'ae2', 'ae3'],
    onPost: (p) => {
      if (p.channel === LEADS_CHANNEL && p.n !== undefined) waiting.get(p.n)?.(p.at);
    },
  });
  const { conn, dbName } = await db.connect('b1');
  await conn.createCollection(FLOOR_COLLECTION);
  const seeding = await createApp({
    config: { defaults: { timezone: 'UTC', locale: 'en' }, runJobs: false },
    log: createLogger({ level: 'silent' }),
    connection: conn,
  });
  await seedTeam(seeding.core, {
    address: (h) => slackAddress(fake.team.id, slackUser(h)),
    sdrs: 1,
    aes: 3,
    channel: { platform: 'slack', id: LEADS_CHANNEL },
  });
  const config = {
    mongodbUri: db.uri,
    dbName,
    apiUrl: fake.url,
    signingSecret: TEST_SIGNING_SECRET,
    identity: { teamId: fake.team.id, botId: fake.bot.botId, botUserId: fake.bot.userId },
    channel: LEADS_CHANNEL,
  };
  const baton = await startChild('./slack-baton-child.ts', config);
  const bare = await startChild('./slack-bare-child.ts', config);
  const idle = await baton.memory();
  say(`Baton idle: RSS ${fmt(idle.rss, ' MB')}, heap ${fmt(idle.heapUsed, ' MB')}`);

  let n = 0;
  async function load(child: BenchChild, concurrency: number, total: number): Promise<Round> {
    const url = `http://127.0.0.1:${child.port}/slack/events`;
    const latencies: number[] = [];
    await runPool(total, concurrency, async () => {
      const i = ++n;
      const cmd = slashCommand(fake, {
        command: '/lead',
        text: `Co ${token(i)}; Buyer ${i}; buyer${i}@btk${i}.example; inbound`,
        user_id: slackUser('sdr1'),
        channel_id: LEADS_CHANNEL,
      });
      const posted = new Promise<number>((resolve, reject) => {
        waiting.set(i, resolve);
        setTimeout(
          () => reject(new Error(`no card for request ${i} in ${knobs.cardTimeoutMs / 1000} s`)),
          knobs.cardTimeoutMs,
        ).unref();
      });
      const t0 = performance.now();
      const res = await postToApp(url, 'command', cmd);
      if (res.status !== 200) throw new Error(`request ${i} answered ${res.status}`);
      latencies.push((await posted) - t0);
      waiting.delete(i);
    });
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  }

  await load(baton, 1, 5); // warm-up (JIT, caches, first connections), not measured
  await load(bare, 1, 5);
  const out: Verdict[] = [];
  const memory: number[] = [];
  for (const [c, total] of knobs.latencyLevels) {
    const [b, f] = await alternate(knobs.rounds, [
      async () => {
        const r = await load(baton, c, total);
        if (c === 50) memory.push((await baton.memory()).rss);
        return r;
      },
      () => load(bare, c, total),
    ]);
    const p50 = median(b!.map((r) => r.p50)) / median(f!.map((r) => r.p50));
    const p99 = median(b!.map((r) => r.p99)) / median(f!.map((r) => r.p99));
    const raw = (k: 'p50' | 'p99') =>
      `${fmt(median(b!.map((r) => r[k])), ' ms')} ÷ ${fmt(median(f!.map((r) => r[k])), ' ms')}`;
    say(
      `c=${c}: Baton p50 ${b!.map((r) => fmt(r.p50)).join('/')} p99 ${b!.map((r) => fmt(r.p99)).join('/')} ms; floor p50 ${f!.map((r) => fmt(r.p50)).join('/')} p99 ${f!.map((r) => fmt(r.p99)).join('/')} ms`,
    );
    say(`c=${c}: ratio p50 ${fmt(p50)}× (${raw('p50')}), p99 ${fmt(p99)}× (${raw('p99')})`);
    out.push(verdict('B1', `Slack p50 at c=${c}`, p50, { max: LATENCY_GOAL.p50 }, raw('p50')));
    out.push(verdict('B1', `Slack p99 at c=${c}`, p99, { max: LATENCY_GOAL.p99 }, raw('p99')));
  }
  const after = await baton.memory();
  say(
    `Baton after B1: RSS ${fmt(after.rss, ' MB')}, heap ${fmt(after.heapUsed, ' MB')}; RSS after each c=50 round: ${memory.map((m) => fmt(m)).join(', ')} MB`,
  );
  out.push(
    verdict(
      'B6',
      'RSS after the last B1 round ÷ after the first',
      memory.at(-1)! / memory[0]!,
      { max: 1.1 },
      `${fmt(memory.at(-1)!, ' MB')} ÷ ${fmt(memory[0]!, ' MB')}; idle ${fmt(idle.rss, ' MB')}`,
    ),
  );
  await baton.stop();
  await bare.stop();
  await seeding.outbox.stop();
  await fake.close();
  return out;
}
