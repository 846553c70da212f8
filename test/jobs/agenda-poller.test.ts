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
      { kind: 'renewals.nudge', accountId: acc!.id, periodEnd: '2027-02-01', offsetDays: 60 },
      new Date(Date.now() - 1000),
    );
    // The nudge is sent from inside the job; the job is finished (unlocked) only after that, so wait
    // for its finished state rather than for the send: on a busy machine the two are far apart.
    const jobs = h.conn.db!.collection('agendaJobs');
    const deadline = Date.now() + 30_000;
    let job = await jobs.findOne({ name: 'renewals.nudge' });
    while (!(job?.lastFinishedAt && job.lockedAt === null) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      job = await jobs.findOne({ name: 'renewals.nudge' });
    }
    await node.outbox.drain();
    expect(node.sender.sent.filter((s) => s.dedupeId.startsWith('renewal:'))).toHaveLength(1);
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
