import type { Connection } from 'mongoose';
import { createApp } from '../../src/app.js';
import { KpiAccumulator } from '../../src/core/kpi/accumulator.js';
import { periodWindow, type Window } from '../../src/core/kpi/period.js';
import type { TeamReport } from '../../src/core/kpi/report.js';
import type { CoreDeps } from '../../src/core/shared/deps.js';
import { buildTeamReport } from '../../src/core/kpi/compute-kpis.js';
import { rebuildKpiFacts } from '../../src/core/kpi/rebuild-kpi-facts.js';
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

/** The team report as computed before KPI facts: every lead and account streamed into an accumulator. */
async function streamedReport(
  deps: CoreDeps,
  teamId: string,
  window: Window,
  now: Date,
): Promise<TeamReport> {
  const team = (await deps.stores.teams.get(teamId))!;
  const acc = new KpiAccumulator({ window, now, currency: team.currency });
  for await (const lead of deps.stores.leads.scan(teamId)) acc.addLead(lead);
  for await (const account of deps.stores.accounts.scan(teamId)) acc.addAccount(account);
  return acc.teamReport(teamId, await deps.stores.people.listTeam(teamId));
}

/**
 * B5: the manager's team report for the last 30 days (buildTeamReport, the digest's and `/kpi`'s
 * reader) on a history of the smallest and the largest size (default 1,000 and 100,000 leads over
 * the same 400 days), each team in a database of its own (FerretDB scans whole collections, so
 * teams sharing one would measure each other). The histories are inserted straight into the lead
 * collection, as an earlier version would have left them, and their KPI facts built the way the
 * first start builds them (`rebuildKpiFacts`). The verdict compares absolute times: the largest
 * history's report ÷ the smallest's (goal ≤ 1.5: a long history costs no more).
 * `BENCH_B5_STREAM=1` skips building the facts, so the report streams every lead (the reader
 * before facts), for a before/after comparison.
 */
export async function benchKpis(db: BenchDb, knobs: Knobs): Promise<Verdict[]> {
  const small = Math.min(...knobs.kpiSizes);
  const large = Math.max(...knobs.kpiSizes);
  const stream = process.env.BENCH_B5_STREAM === '1';
  const say = section(
    `B5 team report, last 30 days, on ${small} and ${large} leads of history${stream ? ' (streaming the leads)' : ''}`,
  );
  const log = createLogger({ level: 'silent' });
  const now = new Date();
  const window = periodWindow('month', now, 'UTC');
  const teams: { size: number; run: () => Promise<number> }[] = [];
  for (const size of [small, large]) {
    const { conn } = await db.connect(`b5_${size}`);
    const app = await createApp({
      config: { defaults: { timezone: 'UTC', locale: 'en' }, runJobs: false },
      log,
      connection: conn,
    });
    const t = await seedTeam(app.core, { address: (h) => `console:${h}`, sdrs: 5, aes: 8 });
    let started = performance.now();
    await seedLeads(conn, t, 0, size, now);
    say(`seeded ${size} leads in ${fmt((performance.now() - started) / 1000, ' s')}`);
    if (!stream) {
      started = performance.now();
      await rebuildKpiFacts(app.core, t.team.id);
      say(`built the KPI facts of ${size} leads in ${fmt((performance.now() - started) / 1000, ' s')}`);
    }
    teams.push({
      size,
      run: async () => {
        const t0 = performance.now();
        const report = stream
          ? await streamedReport(app.core, t.team.id, window, now)
          : await buildTeamReport(app.core, t.team.id, window, now);
        const ms = performance.now() - t0;
        if (!report.people.length || report.totals.sdr.current.leadsCreated === 0)
          throw new Error('empty report');
        return ms;
      },
    });
  }
  const times = new Map<number, number[]>(teams.map((x) => [x.size, []]));
  // Streaming 100k leads takes tens of seconds on FerretDB: three rounds keep that run to minutes.
  const rounds = stream ? Math.min(knobs.rounds, 3) : Math.max(knobs.rounds, 5);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...teams].reverse() : teams;
    for (const x of order) times.get(x.size)!.push(await x.run());
  }
  const ms = (size: number) => median(times.get(size)!);
  for (const x of teams) say(`${x.size} leads: ${fmt(ms(x.size), ' ms')} (median of ${rounds})`);
  const ratio = ms(large) / ms(small);
  console.log(`B5 report time ${large} ÷ ${small} leads: ${fmt(ratio)}×`);
  const raw = `${fmt(ms(large), ' ms')} at ${large} ÷ ${fmt(ms(small), ' ms')} at ${small}`;
  return [verdict('B5', `30-day team report time, ${large} vs ${small} leads`, ratio, { max: 1.5 }, raw)];
}
