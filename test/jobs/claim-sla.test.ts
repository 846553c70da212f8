import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { claimLead } from '../../src/core/leads/claim-lead.js';
import { createLead } from '../../src/core/leads/create-lead.js';
import { addMember } from '../../src/core/roster/index.js';
import type { Lead } from '../../src/core/leads/lead.js';
import { targetText, type Sent } from '../chat/outbox/recording-sender.js';
import {
  createCoreHarness,
  leadInput,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../support/core.js';
import { advanceTo, createNode, minutes, type BotNode } from './harness.js';

let h: CoreHarness;
let node: BotNode;
let t: SeededTeam;
beforeEach(async () => {
  h = await createCoreHarness('2026-12-01T09:00:00Z');
  node = await createNode(h);
  t = await seedTeam(h, { aes: 3 });
});
afterEach(async () => {
  await node.close();
  await h.close();
});

async function newLead(): Promise<Lead> {
  const r = await createLead(node.core, { input: leadInput() }, h.ctx(t.sdrs[0]!.id));
  if (r.status !== 'created') throw new Error('expected a new lead');
  await node.outbox.drain();
  return r.lead;
}

/** What was sent since `from` (index into sender.sent), as "kind → target". */
function since(from: number): string[] {
  return node.sender.sent
    .slice(from)
    .filter((s) => !s.message.summary.startsWith('digest') && !s.message.summary.startsWith('welcome'))
    .map((s: Sent) => `${s.message.summary.split(' ')[0]} → ${targetText(s.target)}`);
}

describe('claim SLA on Agenda (reminder, re-offer, one escalation)', () => {
  it('reminds, re-offers to each AE once, then escalates once and leaves the lead in the queue', async () => {
    const t0 = h.clock.now().getTime();
    const lead = await newLead();
    const log: Record<number, string[]> = {};
    for (const m of [4, 5, 14, 15, 20, 30, 35, 44, 45, 50, 60, 61, 24 * 60, 7 * 24 * 60]) {
      const before = node.sender.sent.length;
      await advanceTo(h, node, new Date(t0 + minutes(m)));
      log[m] = since(before).sort();
    }
    // Who got offer 0, 1 and 2 (weighted round robin decides the order).
    const stored = (await h.deps.stores.leads.get(lead.id))!;
    const addr = (i: number) => `console:${t.aes.find((p) => p.id === stored.offers[i]!.personId)!.handle}`;
    const [a1, a2, a3] = [addr(0), addr(1), addr(2)];
    expect(new Set([a1, a2, a3]).size).toBe(3);
    expect(since(0).slice(0, 2).sort()).toEqual([`lead.card → console#team`, `lead.offered → ${a1}`].sort());
    expect(log).toEqual({
      4: [],
      5: [`lead.claim_reminder → ${a1}`],
      14: [],
      15: [`lead.offered → ${a2}`],
      20: [`lead.claim_reminder → ${a2}`],
      30: [`lead.offered → ${a3}`],
      35: [`lead.claim_reminder → ${a3}`],
      44: [],
      // A full round without a claim: managers are told once, and nobody is offered it again.
      45: [`lead.escalated → console:boss`],
      50: [],
      // The 60-minute escalation timer finds the lead already escalated.
      60: [],
      61: [],
      [24 * 60]: [],
      [7 * 24 * 60]: [],
    });
    expect(stored).toMatchObject({ status: 'queued', round: 0 });
    expect(stored.offers.map((o) => o.outcome)).toEqual(['expired', 'expired', 'expired']);
    expect(stored.offersStoppedAt).toEqual(new Date(t0 + minutes(45)));
    expect(node.sender.of('lead.escalated')).toHaveLength(1);
    // Nothing left to fire for the lead.
    const pending = await node.conn
      .db!.collection('agendaJobs')
      .countDocuments({ 'data.leadId': lead.id, nextRunAt: { $ne: null } });
    expect(pending).toBe(0);
  });

  it('escalates at the escalation time before a full round ends, expiring the open offer', async () => {
    for (const handle of ['ae4', 'ae5', 'ae6'])
      await addMember(
        node.core,
        { name: handle, handle, roles: ['ae'], address: `console:${handle}` },
        h.ctx(t.admin.id),
      );
    const t0 = h.clock.now().getTime();
    const r = await createLead(node.core, { input: leadInput() }, h.ctx(t.sdrs[0]!.id));
    if (r.status !== 'created') throw new Error('expected a new lead');
    await node.outbox.drain();
    // Offers at 0, 15, 30 and 45 minutes; the 60-minute escalation comes before the fifth.
    for (let m = 5; m <= 59; m += 5) await advanceTo(h, node, new Date(t0 + minutes(Math.min(m, 59))));
    await advanceTo(h, node, new Date(t0 + minutes(59)));
    expect(node.sender.of('lead.offered')).toHaveLength(4);
    const before = node.sender.sent.length;
    await advanceTo(h, node, new Date(t0 + minutes(60)));
    expect(since(before)).toEqual(['lead.escalated → console:boss']);
    const stored = (await h.deps.stores.leads.get(r.lead.id))!;
    expect(stored).toMatchObject({ status: 'queued' });
    expect(stored.offers.map((o) => o.outcome)).toEqual(['expired', 'expired', 'expired', 'expired']);
    await advanceTo(h, node, new Date(t0 + minutes(3 * 24 * 60)));
    expect(node.sender.sent.length).toBe(before + 1);
  });

  it('sends nothing once the lead is claimed before the first timer', async () => {
    const t0 = h.clock.now().getTime();
    const lead = await newLead();
    const before = node.sender.sent.length;
    h.clock.set(new Date(t0 + minutes(2)));
    await claimLead(node.core, { leadRef: lead.id }, h.ctx(lead.offeredTo));
    await node.outbox.drain();
    const afterClaim = node.sender.sent.length;
    for (const m of [5, 15, 30, 45, 60, 120]) await advanceTo(h, node, new Date(t0 + minutes(m)));
    const kinds = node.sender.sent.slice(afterClaim).map((s) => s.message.summary.split(' ')[0]);
    expect(kinds).toEqual([]);
    expect(
      node.sender.sent.slice(before, afterClaim).map((s) => s.message.summary.split(' ')[0]),
    ).not.toContain('lead.claim_reminder');
  });
});
