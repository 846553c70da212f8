import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Document } from 'mongodb';
import type { Account } from '../../src/core/accounts/account.js';
import { teamKpis } from '../../src/core/kpi/accumulator.js';
import { periodWindow } from '../../src/core/kpi/period.js';
import type { Lead } from '../../src/core/leads/lead.js';
import { newTeam } from '../../src/core/roster/team.js';
import { kpiAccumulator } from '../../src/core/kpi/compute-kpis.js';
import { rebuildKpiFacts, upgradeKpiFacts } from '../../src/core/kpi/rebuild-kpi-facts.js';
import { MongoKpiFactStore } from '../../src/store/mongo-kpi-facts.js';
import { createModels } from '../../src/store/models.js';
import { createMongoStores } from '../../src/store/mongo-stores.js';
import { createCoreHarness, type CoreHarness } from '../support/core.js';
import { history, historyOf, reportAsk } from '../core/kpi/history.js';

let h: CoreHarness;
beforeAll(async () => {
  h = await createCoreHarness();
});
afterAll(async () => h.close());

const draft = (n: number) => ({
  type: 'test.change',
  source: 'cli' as const,
  at: new Date(),
  key: `kpi-test:${n}:${Math.random()}`,
});
let seq = 0;

/** Commits every state of a history through the real stores (each change one event). */
async function commitHistory(
  teamId: string,
  hist: { lead: Lead[]; account: Account[] }[],
): Promise<{ leads: Lead[]; accounts: Account[] }> {
  const { leads, accounts } = h.deps.stores;
  const tag = ++seq;
  const rename = <T extends { id: string; teamId: string }>(x: T): T => ({
    ...x,
    id: `${x.id}_${tag}`,
    teamId,
  });
  const out = { leads: [] as Lead[], accounts: [] as Account[] };
  for (const { lead, account } of hist) {
    const states = lead.map((l) => rename(l));
    await leads.insert(states[0]!, draft(++seq));
    for (let i = 1; i < states.length; i++) await leads.commit(states[i - 1]!, states[i]!, draft(++seq));
    out.leads.push(states.at(-1)!);
    const acc = account.map((a) => ({ ...rename(a), leadId: states[0]!.id }));
    if (!acc.length) continue;
    await accounts.insert(acc[0]!, draft(++seq));
    for (let i = 1; i < acc.length; i++) await accounts.commit(acc[i - 1]!, acc[i]!, draft(++seq));
    out.accounts.push(acc.at(-1)!);
  }
  return out;
}

const people = [] as const;

async function factsReport(teamId: string, opts: { window: ReturnType<typeof periodWindow>; now: Date }) {
  return (await kpiAccumulator(h.deps, teamId, 'USD', opts.window, opts.now)).teamReport(teamId, people);
}

/** Another process's facts store on the same database (its own batching queues). */
function otherProcess(): MongoKpiFactStore {
  const db = h.conn.db!;
  return new MongoKpiFactStore(db.collection('events'), db.collection('events'), db.collection('ledger'));
}

describe('KPI facts kept as events are committed', () => {
  it('give the reports the leads and accounts give, and a rebuild changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyOf(8),
        fc.array(reportAsk, { minLength: 1, maxLength: 3 }),
        async (hist, asks) => {
          const teamId = `team_prop_${++seq}`;
          await h.deps.stores.kpiFacts.markReady(teamId);
          const { leads, accounts } = await commitHistory(teamId, hist);
          const check = async () => {
            for (const ask of asks) {
              const opts = {
                window: periodWindow(ask.period, ask.at, ask.zone),
                now: ask.at,
                currency: 'USD',
              };
              expect(await factsReport(teamId, opts)).toEqual(
                teamKpis({ teamId, leads, accounts, people }, opts),
              );
            }
          };
          await check();
          await rebuildKpiFacts(h.deps, teamId);
          await check();
        },
      ),
      { numRuns: 5 },
    );
  }, 180_000);

  it("yesterday's report learns its forecast from leads closed today too, from facts of the cut days", async () => {
    const teamId = 'team_yesterday';
    await h.deps.stores.kpiFacts.markReady(teamId);
    const [hist] = fc.sample(historyOf(6), { numRuns: 1, seed: 21 });
    const { leads, accounts } = await commitHistory(teamId, hist!);
    const now = new Date('2026-03-20T10:07:00Z');
    const lost = {
      ...leads[0]!,
      id: 'lead_closed_today',
      status: 'lost' as const,
      ownerId: 'ae1',
      claimedAt: new Date('2026-03-19T09:00:00Z'),
      deal: { outcome: 'lost' as const, at: new Date('2026-03-20T08:00:00Z'), by: 'ae1', reason: 'price' },
      version: 0,
    };
    await h.deps.stores.leads.insert(lost, draft(++seq));
    for (const zone of ['Europe/Berlin', 'Asia/Kathmandu']) {
      const opts = { window: periodWindow('yesterday', now, zone), now, currency: 'USD' };
      const report = await factsReport(teamId, opts);
      expect(report).toEqual(teamKpis({ teamId, leads: [...leads, lost], accounts, people }, opts));
      expect(report.forecast.stages[0]!.closed).toBeGreaterThan(0);
    }
  });

  it('count a cause once, however often and from however many processes it is added', async () => {
    const teamId = 'team_once';
    const a = h.deps.stores.kpiFacts;
    const b = otherProcess();
    const key = '2026-12-01T09:00|p1|lc|';
    await Promise.all([
      ...Array.from({ length: 10 }, () => a.apply(teamId, 'lead_x:1', { [key]: 1 })),
      ...Array.from({ length: 10 }, () => b.apply(teamId, 'lead_x:1', { [key]: 1 })),
    ]);
    await a.apply(teamId, 'lead_x:1', { [key]: 1 });
    expect(await a.read(teamId, new Date('2026-12-01T00:00Z'), new Date('2026-12-02T00:00Z'))).toEqual([
      [key, 1],
    ]);
  });

  it('lose no change when two processes add to the same document at once', async () => {
    const teamId = 'team_race';
    const stores = [h.deps.stores.kpiFacts, otherProcess(), otherProcess()];
    const key = '2026-12-01T09:00|p1|lc|';
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        stores[i % 3]!.apply(teamId, `lead_${i}:0`, { [key]: 1, 'now|p1|po|': 1 }),
      ),
    );
    const read = new Map(
      await stores[1]!.read(teamId, new Date('2026-12-01T00:00Z'), new Date('2026-12-02T00:00Z')),
    );
    expect(read.get(key)).toBe(60);
    expect(read.get('now|p1|po|')).toBe(60);
  });

  it('count every change when processes take turns on the same documents (each builds on what it last saw)', async () => {
    const teamId = 'team_turns';
    const stores = [h.deps.stores.kpiFacts, otherProcess(), otherProcess()];
    const key = '2026-12-02T09:00|p1|lc|';
    for (let i = 0; i < 30; i++) {
      const store = stores[(i * 7) % 3]!;
      await store.apply(teamId, `lead_${i}:0`, { [key]: 1, 'now|p2|po|': 2 });
      // A cause another process added already is not counted again by one that has not seen it.
      if (i % 5 === 0) await stores[(i + 1) % 3]!.apply(teamId, `lead_${i}:0`, { [key]: 1, 'now|p2|po|': 2 });
      const read = new Map(
        await otherProcess().read(teamId, new Date('2026-12-02T00:00Z'), new Date('2026-12-03T00:00Z')),
      );
      expect([read.get(key), read.get('now|p2|po|')]).toEqual([i + 1, 2 * (i + 1)]);
    }
  });

  it('count each change once when two processes commit at once, its facts inserted with its event', async () => {
    const teamId = 'team_fold';
    await h.deps.stores.kpiFacts.markReady(teamId);
    // A second process: its own remembered states of the facts documents, its own queues.
    const procs = [h.deps.stores.leads, createMongoStores(createModels(h.conn)).leads];
    const [hist] = fc.sample(historyOf(8), { numRuns: 1, seed: 11 });
    const finals = await Promise.all(
      hist!.map(async ({ lead }, j) => {
        const states = lead.map((l) => ({ ...l, id: `${l.id}_fold`, teamId }));
        await procs[j % 2]!.insert(states[0]!, draft(++seq));
        for (let i = 1; i < states.length; i++)
          await procs[(i + j) % 2]!.commit(states[i - 1]!, states[i]!, draft(++seq));
        return states.at(-1)!;
      }),
    );
    // Both processes change one lead at the same version: the loser's facts are not counted.
    const base = (await procs[0]!.get(finals[0]!.id))!;
    const race = await Promise.allSettled(
      procs.map((p, i) => {
        const next: Lead = {
          ...base,
          status: 'disqualified',
          updatedAt: new Date(`2026-04-0${i + 1}T10:00:00Z`),
        };
        delete next.offeredTo;
        return p.commit(base, next, draft(++seq));
      }),
    );
    const won = race.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(won).toHaveLength(1);
    finals[0] = won[0]!;
    for (const at of ['2026-04-20T00:00Z', '2026-06-20T00:00Z']) {
      const opts = { window: periodWindow('quarter', new Date(at), 'UTC'), now: new Date(at) };
      expect(await factsReport(teamId, opts)).toEqual(
        teamKpis({ teamId, leads: finals, accounts: [], people }, { ...opts, currency: 'USD' }),
      );
    }
  });

  it('adds the facts of a change whose writer died before updating the lead, once, when a reader rolls it forward', async () => {
    const teamId = 'team_crash';
    await h.deps.stores.kpiFacts.markReady(teamId);
    const [hist] = fc.sample(
      history.filter((x) => x[0]!.lead.length > 2),
      { numRuns: 1, seed: 7 },
    );
    const { leads: stored } = await commitHistory(teamId, [hist![0]!]);
    const lead = stored[0]!;
    const before = await h.deps.stores.leads.get(lead.id);
    // The writer inserted the event (the truth) and died: no facts, no cached document.
    const next: Lead = {
      ...before!,
      status: 'disqualified',
      version: before!.version + 1,
      updatedAt: new Date('2026-04-01T10:00:00Z'),
    };
    delete next.offeredTo;
    const { _keys: _, ...state } = { ...next, _id: next.id } as Document;
    await h.conn.db!.collection('events').insertOne({
      _id: `${next.id}:${next.version}`,
      aggregate: 'lead',
      aggregateId: next.id,
      teamId,
      version: next.version,
      type: 'test.crash',
      source: 'cli',
      at: new Date(),
      state,
    } as Document);
    await h.deps.stores.leads.get(lead.id);
    await h.deps.stores.leads.get(lead.id);
    const opts = {
      window: periodWindow('quarter', new Date('2026-04-20T00:00Z'), 'UTC'),
      now: new Date('2026-04-20T00:00Z'),
      currency: 'USD',
    };
    const latest = (await h.deps.stores.leads.get(lead.id))!;
    expect(await factsReport(teamId, opts)).toEqual(
      teamKpis({ teamId, leads: [latest], accounts: [], people }, opts),
    );
  });

  it('are built once on the first start for a team written without them or in an older layout, while it keeps working', async () => {
    const teamId = 'team_old';
    await h.deps.stores.teams.insert(
      newTeam({ id: teamId, name: 'Old', timezone: 'Asia/Kolkata', locale: 'en', createdAt: new Date() }),
    );
    const [hist] = fc.sample(history, { numRuns: 1, seed: 11 });
    const { leads, accounts } = await commitHistory(teamId, hist!);
    // An earlier version kept no facts, or kept them in layout 1 (day sums in kpi_facts, which
    // this one neither reads nor writes): drop this version's facts and marks, leave layout 1's,
    // and leave a cache among the events that the build does not make (it is emptied).
    const ledger = h.conn.db!.collection('ledger');
    const events = h.conn.db!.collection('events');
    await events.deleteMany({ teamId, applied: { $exists: true } });
    await ledger.deleteMany({
      _id: { $in: [`kpi-facts-v2:${teamId}`, 'migration:kpi-facts-v2'] },
    } as Document);
    const oldDay = `${teamId}|2026-04-01|d`;
    await h.conn
      .db!.collection('kpi_facts')
      .insertOne({ _id: oldDay, teamId, v: 1, f: { 'p1|lc|': 7 }, applied: [] } as Document);
    const strayDay = `${teamId}|2026-04-02`;
    await events.insertOne({ _id: strayDay, teamId, v: 1, f: { '00:00|p1|lc|': 7 }, applied: [] } as Document);
    for (const _id of [`kpi-facts:${teamId}`, 'migration:kpi-facts-v1'])
      await ledger.insertOne({ _id, kind: 'kpi-facts', at: new Date() } as Document).catch(() => undefined);
    const fresh = otherProcess();
    expect(await fresh.ready(teamId)).toBe(false);
    const opts = {
      window: periodWindow('quarter', new Date('2026-04-20T00:00Z'), 'Asia/Kolkata'),
      now: new Date('2026-04-20T00:00Z'),
      currency: 'USD',
    };
    const direct = teamKpis({ teamId, leads, accounts, people }, opts);
    const deps = { stores: { ...h.deps.stores, kpiFacts: fresh } };
    // Before the upgrade the report streams the leads: right, if slower.
    expect(
      (await kpiAccumulator(deps, teamId, 'USD', opts.window, opts.now)).teamReport(teamId, people),
    ).toEqual(direct);
    await upgradeKpiFacts(deps);
    expect(await fresh.ready(teamId)).toBe(true);
    expect(await events.countDocuments({ teamId, applied: { $exists: true } })).toBeGreaterThan(1);
    expect(await events.findOne({ _id: strayDay } as Document)).toMatchObject({ f: {} });
    expect(
      (await kpiAccumulator(deps, teamId, 'USD', opts.window, opts.now)).teamReport(teamId, people),
    ).toEqual(direct);
    // Once: the second start reads one mark and does nothing.
    expect(await upgradeKpiFacts(deps)).toBe(0);
  }, 60_000);

  it('a rebuild while changes are committed ends with the facts of the final states', async () => {
    const teamId = 'team_busy';
    await h.deps.stores.kpiFacts.markReady(teamId);
    const [first, second] = fc.sample(history, { numRuns: 2, seed: 5 });
    const a = await commitHistory(teamId, first!);
    const [, b] = await Promise.all([rebuildKpiFacts(h.deps, teamId), commitHistory(teamId, second!)]);
    const leads = [...a.leads, ...b.leads];
    const accounts = [...a.accounts, ...b.accounts];
    for (const ask of fc.sample(reportAsk, { numRuns: 5, seed: 3 })) {
      const opts = { window: periodWindow(ask.period, ask.at, ask.zone), now: ask.at, currency: 'USD' };
      expect(await factsReport(teamId, opts)).toEqual(teamKpis({ teamId, leads, accounts, people }, opts));
    }
  }, 120_000);
});
