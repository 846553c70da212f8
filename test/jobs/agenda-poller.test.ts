import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCoreHarness, seedTeam, type CoreHarness } from '../support/core.js';
import { insertAccounts } from './accounts.js';
import { createNode, type BotNode } from './harness.js';

describe('Agenda’s own poller runs the jobs AgendaTimers stores', () => {
  let h: CoreHarness;
  let node: BotNode;
  beforeAll(async () => {
    h = await createCoreHarness(new Date().toISOString());
    node = await createNode(h, { runJobs: true, processEvery: 100 });
  });
  afterAll(async () => {
    await node.close();
    await h.close();
  });

  it('delivers a due renewal nudge without runDue, and the job ends finished', async () => {
    const t = await seedTeam(h, { aes: 1, ams: 1 });
    const [acc] = await insertAccounts(h.deps, {
      teamId: t.team.id,
      aeId: t.aes[0]!.id,
      amIds: [t.ams[0]!.id],
      count: 1,
      endDate: '2027-02-01',
      now: h.clock.now(),
    });
    await node.timers.schedule(
      { kind: 'renewal.nudge', accountId: acc!.id, periodEnd: '2027-02-01', offsetDays: 60 },
      new Date(Date.now() - 1000),
    );
    const deadline = Date.now() + 15_000;
    while (!node.sender.sent.some((s) => s.dedupeId.startsWith('renewal:')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await node.outbox.drain();
    expect(node.sender.sent.filter((s) => s.dedupeId.startsWith('renewal:'))).toHaveLength(1);
    const job = await h.conn.db!.collection('agendaJobs').findOne({ name: 'renewals.nudge' });
    expect(job).toMatchObject({ nextRunAt: null, lockedAt: null });
    expect(job?.lastFinishedAt).toBeInstanceOf(Date);
    // Its follow-up (the escalation three days later) is stored, not run.
    expect(
      await h.conn
        .db!.collection('agendaJobs')
        .countDocuments({ name: 'renewals.escalate', lastRunAt: null }),
    ).toBe(1);
  });
});
