import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCoreHarness, seedTeam, type CoreHarness } from '../support/core.js';
import { insertAccounts } from './accounts.js';
import { createNode, type BotNode } from './harness.js';

describe('two bot processes running jobs against one database', () => {
  let h: CoreHarness;
  let a: BotNode;
  let b: BotNode;
  beforeAll(async () => {
    h = await createCoreHarness(new Date().toISOString());
    // Two "processes": each its own connection, stores, outbox, Agenda, job handlers and sender.
    // They run due jobs through runDue (the handlers Agenda's poller calls, with the same
    // non-atomic lock by _id), so the race is not paced by Agenda's polling interval.
    a = await createNode(h, { ownConnection: true });
    b = await createNode(h, { ownConnection: true });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await h.close();
  });

  it('delivers 200 due renewal nudges exactly once between them', async () => {
    const t = await seedTeam(h, { aes: 1, ams: 10 });
    const accounts = await insertAccounts(h.deps, {
      teamId: t.team.id,
      aeId: t.aes[0]!.id,
      amIds: t.ams.map((p) => p.id),
      count: 200,
      endDate: '2027-01-15',
      now: h.clock.now(),
    });
    const due = new Date(h.clock.now().getTime() - 1000);
    // Both processes schedule every nudge at the same time: one job each (the job id is the insert-once).
    await Promise.all(
      [a, b].map(async (n) => {
        for (const acc of accounts)
          await n.timers.schedule(
            { kind: 'renewals.nudge', accountId: acc.id, periodEnd: '2027-01-15', offsetDays: 60 },
            due,
          );
      }),
    );
    const jobs = a.conn.db!.collection('agendaJobs');
    expect(await jobs.countDocuments({ name: 'renewals.nudge' })).toBe(200);
    const now = h.clock.now();
    const [ranA, ranB] = await Promise.all([a.jobs.runDue(now), b.jobs.runDue(now)]);
    // Racing on the same due list, some jobs run in both processes (at-least-once); that is the point.
    expect(ranA + ranB).toBeGreaterThanOrEqual(200);
    expect(
      await jobs.countDocuments({
        name: 'renewals.nudge',
        $or: [{ nextRunAt: { $ne: null } }, { lockedAt: { $ne: null } }],
      }),
    ).toBe(0);
    await Promise.all([a.outbox.sweep(), b.outbox.sweep()]);
    await Promise.all([a.outbox.drain(), b.outbox.drain()]);

    const sends = [...a.sender.sent, ...b.sender.sent].filter((s) => s.dedupeId.startsWith('renewal:'));
    const perEntry = new Map<string, number>();
    for (const s of sends) perEntry.set(s.dedupeId, (perEntry.get(s.dedupeId) ?? 0) + 1);
    expect(perEntry.size).toBe(200);
    expect([...perEntry.values()].every((n) => n === 1)).toBe(true);
    expect(sends).toHaveLength(200);
    // Each nudge went to the account's AM.
    const amAddress = new Map(t.ams.map((p) => [p.id, `console:${p.handle}`]));
    for (const acc of accounts) {
      const s = sends.find((x) => x.dedupeId.startsWith(`renewal:${acc.id}:`));
      expect(s?.target).toEqual({ kind: 'dm', address: amAddress.get(acc.amId!) });
    }
    // Both processes did part of the work (not a test of fairness: just that both ran).
    expect(a.sender.sent.length + b.sender.sent.length).toBe(200);
    // 400 schedules, two racing runs and 200 deliveries: seconds alone, far more beside other suites.
  }, 120_000);
});
