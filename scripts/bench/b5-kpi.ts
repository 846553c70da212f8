import type { Connection } from 'mongoose';
import { createApp } from '../../src/app.js';
import { periodWindow } from '../../src/core/kpi/period.js';
import { buildTeamReport } from '../../src/core/use-cases/compute-kpis.js';
import { createLogger } from '../../src/logger.js';
import type { BenchDb } from './bench-db.js';
import type { Knobs } from './knobs.js';
import { historicalLead, seedTeam, type BenchTeam } from './seed.js';
import { fmt, median, section, verdict, type Verdict } from './stats.js';

/** Inserts leads `from..to-1` of the team straight into its collection (1,000 per insert). */
async function seedLeads(conn: Connection, t: BenchTeam, from: number, to: number, now: Date): Promise<void> {
  const col = conn.collection<{ _id: string } & Record<string, unknown>>('leads');
  for (let start = from; start < to; start += 1000) {
    const docs = Array.from({ length: Math.min(1000, to - start) }, (_, i) => {
      const { id, ...rest } = historicalLead(t, start + i, now);
      return { _id: id, ...rest };
    });
    await col.insertMany(docs, { ordered: false });
  }
}

/**
 * B5: the manager's team report (buildTeamReport: one streaming pass over the team's leads and
 * accounts into the KPI accumulator) for 1k, 10k and 100k leads, each team in a database of its
 * own (FerretDB scans whole collections, so teams sharing one would measure each other). The
 * sizes are measured in alternation, several times; the verdict is the time per lead at the
 * largest size ÷ at the smallest (goal ≤ 1.5: not growing).
 */
export async function benchKpis(db: BenchDb, knobs: Knobs): Promise<Verdict[]> {
  const say = section(`B5 KPI computation (buildTeamReport), sizes ${knobs.kpiSizes.join(', ')}`);
  const log = createLogger({ level: 'silent' });
  const now = new Date();
  const window = periodWindow('quarter', now, 'UTC');
  const teams: { size: number; run: () => Promise<number> }[] = [];
  for (const size of knobs.kpiSizes) {
    const { conn } = await db.connect(`b5_${size}`);
    const app = await createApp({
      config: { defaults: { timezone: 'UTC', locale: 'en' }, runJobs: false },
      log,
      connection: conn,
    });
    const t = await seedTeam(app.core, { address: (h) => `console:${h}`, sdrs: 5, aes: 8 });
    const started = performance.now();
    await seedLeads(conn, t, 0, size, now);
    say(`seeded ${size} leads in ${fmt((performance.now() - started) / 1000, ' s')}`);
    teams.push({
      size,
      run: async () => {
        const t0 = performance.now();
        const report = await buildTeamReport(app.core, t.team.id, window, now);
        const ms = performance.now() - t0;
        if (!report.people.length) throw new Error('empty report');
        return ms;
      },
    });
  }
  const times = new Map<number, number[]>(teams.map((x) => [x.size, []]));
  // The 100k scan takes tens of seconds on FerretDB: three rounds keep the run to minutes.
  const rounds = Math.min(knobs.rounds, 3);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...teams].reverse() : teams;
    for (const x of order) times.get(x.size)!.push(await x.run());
  }
  const perLead = new Map<number, number>();
  for (const x of teams) {
    const ms = median(times.get(x.size)!);
    perLead.set(x.size, (ms * 1000) / x.size);
    say(
      `${x.size} leads: ${fmt(ms, ' ms')} (median of ${rounds}) = ${fmt((ms * 1000) / x.size, ' µs/lead')}`,
    );
  }
  const small = Math.min(...knobs.kpiSizes);
  const large = Math.max(...knobs.kpiSizes);
  const ratio = perLead.get(large)! / perLead.get(small)!;
  const raw = `${fmt(perLead.get(large)!, ' µs/lead')} at ${large} ÷ ${fmt(perLead.get(small)!, ' µs/lead')} at ${small}`;
  say(`per-lead time at ${large} ÷ at ${small}: ${fmt(ratio)}`);
  return [verdict('B5', `KPI time per lead, ${large} vs ${small} leads`, ratio, { max: 1.5 }, raw)];
}
