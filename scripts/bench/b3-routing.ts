import { createApp } from '../../src/app.js';
import { createLead } from '../../src/core/leads/create-lead.js';
import type { PlatformSender } from '../../src/chat/ports.js';
import { createLogger } from '../../src/logger.js';
import type { BenchDb } from './bench-db.js';
import type { Knobs } from './knobs.js';
import { runPool } from './pool.js';
import { seedHistory, seedTeam } from './seed.js';
import { alternate, fmt, median, section, verdict, type Verdict } from './stats.js';

const CONCURRENCY = 20;

/** A console sender that delivers nothing: B3 measures deciding and recording, not sending. */
const nullSender: PlatformSender = {
  platform: 'console',
  send: () => Promise.resolve({ platform: 'console', channel: 'x', id: 'x' }),
  update: () => Promise.resolve(),
  sendFile: () => Promise.resolve({ platform: 'console', channel: 'x', id: 'x' }),
};

/**
 * B3: leads created and routed per second (createLead: validate, dedupe, number, insert, choose
 * the assignee, record the offer and its notices and timers) with 20 at once, divided by plain
 * unique-index inserts per second with 20 at once on the same database — alternating rounds, on
 * a fresh team and again after a history of earlier leads has been loaded.
 */
export async function benchRouting(db: BenchDb, knobs: Knobs): Promise<Verdict[]> {
  const say = section(`B3 routing throughput (concurrency ${CONCURRENCY})`);
  const { conn } = await db.connect('b3');
  const log = createLogger({ level: 'silent' });
  const app = await createApp({
    config: { defaults: { timezone: 'UTC', locale: 'en' }, runJobs: false },
    log,
    connection: conn,
    senders: [nullSender],
  });
  await app.scheduler.agenda.ready;
  const t = await seedTeam(app.core, { address: (h) => `console:${h}`, sdrs: 2, aes: 5 });
  const floorCol = conn.collection<{ _id: string; n: number; at: Date }>('bench_floor');
  let n = 0;
  const perRound = knobs.quick ? 40 : 60;

  const floorRound = async () => {
    const base = n;
    n += perRound * 2;
    const ms = await runPool(perRound * 2, CONCURRENCY, async (i) => {
      await floorCol.insertOne({ _id: `f${base + i}`, n: base + i, at: new Date() });
    });
    return ((perRound * 2) / ms) * 1000;
  };
  const routeRound = async () => {
    const base = n;
    n += perRound;
    const ms = await runPool(perRound, CONCURRENCY, async (i) => {
      const k = base + i;
      const r = await createLead(
        app.core,
        {
          input: {
            company: `Route ${k} Inc`,
            contactName: `Buyer ${k}`,
            email: `buyer${k}@route${k}.example`,
            source: 'inbound',
            need: true,
            value: '25000',
          },
        },
        { actorId: t.sdrs[k % t.sdrs.length]!.id, source: 'console', key: `b3:${k}`, now: new Date() },
      );
      if (r.status !== 'created' || r.lead.status !== 'offered') throw new Error(`lead ${k} not routed`);
    });
    return (perRound / ms) * 1000;
  };

  const out: Verdict[] = [];
  const histories = knobs.quick ? [0, 2000] : [0, 10_000];
  let loaded = 0;
  for (const history of histories) {
    if (history > loaded) {
      const started = performance.now();
      await seedHistory(conn, t, history - loaded, new Date());
      loaded = history;
      say(
        `loaded ${history} historical leads (+3 events, 2 sequence slots, 1 card each) in ${fmt((performance.now() - started) / 1000, ' s')}`,
      );
    }
    const [floor, routed] = await alternate(knobs.rounds, [floorRound, routeRound]);
    const f = median(floor!);
    const r = median(routed!);
    const raw = `${fmt(r)} leads/s ÷ ${fmt(f)} inserts/s`;
    say(
      `history ${history}: routed ${routed!.map((x) => fmt(x)).join(', ')} leads/s; inserts ${floor!.map((x) => fmt(x)).join(', ')} /s`,
    );
    say(`history ${history}: ratio ${fmt(r / f)} (${raw})`);
    out.push(
      verdict('B3', `routing at c=${CONCURRENCY}, ${history} earlier leads`, r / f, { min: 0.3 }, raw),
    );
  }
  await app.outbox.stop();
  return out;
}
