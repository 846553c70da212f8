import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { claimLead } from '../../src/core/leads/claim-lead.js';
import { createLead } from '../../src/core/leads/create-lead.js';
import { bookMeeting, cancelMeeting, rescheduleMeeting } from '../../src/core/meetings/index.js';
import type { Lead } from '../../src/core/leads/lead.js';
import {
  createCoreHarness,
  leadInput,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../support/core.js';
import { advanceTo, createNode, type BotNode } from './harness.js';

const HOUR = 3600_000;
let h: CoreHarness;
let node: BotNode;
let t: SeededTeam;
beforeEach(async () => {
  h = await createCoreHarness('2026-12-01T09:00:00Z');
  node = await createNode(h);
  t = await seedTeam(h, { aes: 1 });
});
afterEach(async () => {
  await node.close();
  await h.close();
});

async function claimedLead(): Promise<Lead> {
  const r = await createLead(node.core, { input: leadInput() }, h.ctx(t.sdrs[0]!.id));
  if (r.status !== 'created') throw new Error('expected a lead');
  return (await claimLead(node.core, { leadRef: r.lead.id }, h.ctx(r.lead.offeredTo))).lead;
}
const slot = (hoursAhead: number) => ({
  startsAt: new Date(h.clock.now().getTime() + hoursAhead * HOUR),
  durationMin: 30,
  timezone: 'Europe/Berlin',
});

/** Steps through the next `hours` hour by hour; returns "hour: kind → who" for meeting notices. */
async function meetingNotices(hours: number): Promise<string[]> {
  const t0 = h.clock.now().getTime();
  const out: string[] = [];
  for (let i = 1; i <= hours; i++) {
    const before = node.sender.sent.length;
    await advanceTo(h, node, new Date(t0 + i * HOUR));
    for (const s of node.sender.sent.slice(before)) {
      const kind = s.message.summary.split(' ')[0]!;
      if (kind === 'meeting.reminder' || kind === 'meeting.outcome_prompt')
        out.push(`${i}h: ${kind} → ${s.target.kind === 'dm' ? s.target.address : '?'}`);
    }
  }
  return out.sort();
}

describe('meeting reminders and the outcome prompt on Agenda', () => {
  it('reminds AE and SDR 24 h and 1 h before, and asks the AE for the outcome after the end', async () => {
    const lead = await claimedLead();
    await bookMeeting(node.core, { leadRef: lead.id, ...slot(30) }, h.ctx(t.sdrs[0]!.id));
    const [ae, sdr] = ['console:ae1', 'console:sdr1'];
    expect(await meetingNotices(31)).toEqual(
      [
        `6h: meeting.reminder → ${ae}`,
        `6h: meeting.reminder → ${sdr}`,
        `29h: meeting.reminder → ${ae}`,
        `29h: meeting.reminder → ${sdr}`,
        `31h: meeting.outcome_prompt → ${ae}`,
      ].sort(),
    );
  });

  it("reminds the lead's SDR too when the AE booked the meeting", async () => {
    const lead = await claimedLead();
    await bookMeeting(node.core, { leadRef: lead.id, ...slot(3) }, h.ctx(lead.ownerId));
    expect(await meetingNotices(4)).toEqual(
      [
        `2h: meeting.reminder → console:ae1`,
        `2h: meeting.reminder → console:sdr1`,
        `4h: meeting.outcome_prompt → console:ae1`,
      ].sort(),
    );
  });

  it('moves the reminders with a reschedule and drops them on cancel', async () => {
    const lead = await claimedLead();
    const { meeting } = await bookMeeting(node.core, { leadRef: lead.id, ...slot(30) }, h.ctx(t.sdrs[0]!.id));
    await rescheduleMeeting(
      node.core,
      { leadRef: lead.id, meetingId: meeting.id, ...slot(50) },
      h.ctx(t.sdrs[0]!.id),
    );
    const moved = await meetingNotices(51);
    expect(moved.filter((x) => x.includes('reminder')).map((x) => x.split(':')[0])).toEqual([
      '26h',
      '26h',
      '49h',
      '49h',
    ]);
    expect(moved.filter((x) => x.includes('outcome'))).toEqual([`51h: meeting.outcome_prompt → console:ae1`]);

    const other = await claimedLead();
    const booked = await bookMeeting(node.core, { leadRef: other.id, ...slot(10) }, h.ctx(t.sdrs[0]!.id));
    await cancelMeeting(node.core, { leadRef: other.id, meetingId: booked.meeting.id }, h.ctx(t.sdrs[0]!.id));
    expect(await meetingNotices(12)).toEqual([]);
  });
});
