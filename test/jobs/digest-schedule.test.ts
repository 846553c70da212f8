import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { createLead } from '../../src/core/leads/create-lead.js';
import { createCoreHarness, leadInput, seedTeam, type CoreHarness } from '../support/core.js';
import { advanceTo, createNode, minutes, type BotNode } from './harness.js';

let h: CoreHarness;
let node: BotNode;
beforeEach(async () => {
  h = await createCoreHarness('2026-01-01T00:00:00Z');
  node = await createNode(h);
});
afterEach(async () => {
  await node.close();
  await h.close();
});

/** Steps business time hour by hour and notes, per local date, the local times digests went out. */
async function digestTimes(zone: string, fromUtc: string, hours: number): Promise<Record<string, string[]>> {
  const t = await seedTeam(h, { sdrs: 0, aes: 0, ams: 0, timezone: zone });
  // Every day a working day, so the switch days (Sundays) have a digest too.
  await h.deps.stores.teams.update(t.team.id, { workingDays: [1, 2, 3, 4, 5, 6, 7], timezone: zone });
  const start = DateTime.fromISO(fromUtc, { zone: 'utc' });
  h.clock.set(start.toJSDate());
  await node.jobs.planDigests(start.toJSDate());
  const out: Record<string, string[]> = {};
  for (let i = 1; i <= hours; i++) {
    const at = start.plus({ hours: i });
    const before = node.sender.sent.length;
    await advanceTo(h, node, at.toJSDate());
    const digests = node.sender.sent.slice(before).filter((s) => s.dedupeId.startsWith('digest:'));
    if (!digests.length) continue;
    const local = at.setZone(zone);
    (out[local.toISODate()!] ??= []).push(`${local.toFormat('HH:mm')} ×${digests.length}`);
  }
  return out;
}

describe('daily digests at the team’s local time', () => {
  it.each([
    ['Europe/Berlin', 'spring forward', '2026-03-27T12:00:00Z', ['2026-03-28', '2026-03-29', '2026-03-30']],
    ['Europe/Berlin', 'fall back', '2026-10-24T00:00:00Z', ['2026-10-24', '2026-10-25', '2026-10-26']],
    [
      'America/New_York',
      'spring forward',
      '2026-03-07T06:00:00Z',
      ['2026-03-07', '2026-03-08', '2026-03-09'],
    ],
    ['America/New_York', 'fall back', '2026-10-31T06:00:00Z', ['2026-10-31', '2026-11-01', '2026-11-02']],
  ])('%s, %s: once a day at 09:00 local, switch day included', async (zone, _what, from, days) => {
    const got = await digestTimes(zone, from, 72);
    // The admin is the only member: their own digest and the team digest, once each per day.
    expect(got).toEqual(Object.fromEntries(days.map((d) => [d, ['09:00 ×2']])));
  });

  it('skips non-working days and follows a changed digest time', async () => {
    const t = await seedTeam(h, { sdrs: 0, aes: 0, ams: 0, timezone: 'Europe/Berlin' });
    const start = DateTime.fromISO('2026-12-04T12:00:00Z'); // a Friday
    h.clock.set(start.toJSDate());
    await node.jobs.planDigests(start.toJSDate());
    await advanceTo(h, node, start.plus({ days: 2 }).toJSDate()); // the weekend: nothing
    expect(node.sender.sent.filter((s) => s.dedupeId.startsWith('digest:'))).toHaveLength(0);
    await h.deps.stores.teams.update(t.team.id, { digestTime: '10:30' });
    // Monday 09:00 Berlin (08:00Z) was planned before the change: it no longer matches and is skipped.
    await advanceTo(h, node, new Date('2026-12-07T08:00:00Z'));
    expect(node.sender.sent.filter((s) => s.dedupeId.startsWith('digest:'))).toHaveLength(0);
    await advanceTo(h, node, new Date('2026-12-07T09:30:00Z'));
    expect(node.sender.sent.filter((s) => s.dedupeId.startsWith('digest:'))).toHaveLength(2);
  });

  it('follows a changed team zone: the digest planned in the old zone is not sent at its old time', async () => {
    const t = await seedTeam(h, { sdrs: 0, aes: 0, ams: 0, timezone: 'UTC' });
    const start = DateTime.fromISO('2026-12-07T06:00:00Z'); // a Monday
    h.clock.set(start.toJSDate());
    await node.jobs.planDigests(start.toJSDate()); // 09:00 UTC
    await h.deps.stores.teams.update(t.team.id, { timezone: 'America/New_York' });
    const times: string[] = [];
    for (let at = start; at < start.plus({ days: 2 }); at = at.plus({ minutes: 30 })) {
      const before = node.sender.sent.length;
      await advanceTo(h, node, at.toJSDate());
      const digests = node.sender.sent.slice(before).filter((s) => s.dedupeId.startsWith('digest:'));
      if (digests.length)
        times.push(`${at.setZone('America/New_York').toFormat('ccc HH:mm')} ×${digests.length}`);
    }
    expect(times).toEqual(['Mon 09:00 ×2', 'Tue 09:00 ×2']);
  });
});

describe('timers on Agenda', () => {
  it('keeps one job per timer, and a duplicated job (as a FerretDB race may leave) still delivers once', async () => {
    const t = await seedTeam(h, { aes: 2 });
    const r = await createLead(node.core, { input: leadInput() }, h.ctx(t.sdrs[0]!.id));
    if (r.status !== 'created') throw new Error('expected a lead');
    const jobs = h.conn.db!.collection('agendaJobs');
    const timer = { kind: 'claims.remind' as const, leadId: r.lead.id, offerIndex: 0 };
    await node.timers.schedule(timer, new Date(h.clock.now().getTime() + minutes(5)));
    expect(await jobs.countDocuments({ name: 'claims.remind' })).toBe(1);
    const original = (await jobs.findOne({ name: 'claims.remind' }))!;
    const { _id, ...copy } = original;
    await jobs.insertOne(copy);
    expect(await jobs.countDocuments({ name: 'claims.remind' })).toBe(2);

    await node.outbox.drain();
    const before = node.sender.sent.length;
    const ran = await node.jobs.runDue(new Date(h.clock.now().getTime() + minutes(6)));
    await node.outbox.drain();
    expect(ran).toBe(2);
    expect(node.sender.sent.slice(before).map((s) => s.message.summary.split(' ')[0])).toEqual([
      'lead.claim_reminder',
    ]);
  });

  it('drops a job whose data is invalid (logged once), without retrying it', async () => {
    await node.timers.scheduleJob(
      'claims.remind',
      { key: 'bad', leadId: 42 },
      new Date(h.clock.now().getTime() - 1000),
    );
    expect(await node.jobs.runDue()).toBe(1);
    expect(await node.jobs.runDue()).toBe(0);
  });

  it('cancelFor drops a lead’s pending timers', async () => {
    const t = await seedTeam(h, { aes: 2 });
    const r = await createLead(node.core, { input: leadInput() }, h.ctx(t.sdrs[0]!.id));
    if (r.status !== 'created') throw new Error('expected a lead');
    const jobs = h.conn.db!.collection('agendaJobs');
    expect(await jobs.countDocuments({ 'data.leadId': r.lead.id })).toBe(3);
    await node.timers.cancelFor({ leadId: r.lead.id });
    expect(await jobs.countDocuments({ 'data.leadId': r.lead.id })).toBe(0);
  });
});
