// Issue 11, item 1: only live messages are edited (the lead's card and the current offer), and a
// message that already shows the right state is not edited again.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createNoticeRenderer } from '../../src/chat/render/notice-renderer.js';
import { messageToPlain } from '../../src/chat/message.js';
import { claimLead } from '../../src/core/leads/claim-lead.js';
import { createLead } from '../../src/core/leads/create-lead.js';
import { targetText } from '../chat/outbox/recording-sender.js';
import {
  createCoreHarness,
  leadInput,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../support/core.js';
import { createNode, minutes, travel, type BotNode } from './harness.js';

let h: CoreHarness;
let node: BotNode;
let t: SeededTeam;
beforeEach(async () => {
  h = await createCoreHarness('2026-12-01T09:00:00Z');
  node = await createNode(h, { renderer: createNoticeRenderer({ stores: h.deps.stores, clock: h.clock }) });
  t = await seedTeam(h, { aes: 3 });
});
afterEach(async () => {
  await node.close();
  await h.close();
});

/** Edits per message, as "<where> <first line of the original>": how often each was edited. */
function editsPerMessage(): Map<string, number> {
  const out = new Map<string, number>();
  for (const u of node.sender.updates) {
    const sent = node.sender.sent.find((s) => s.ref.id === u.ref.id)!;
    const name = `${targetText(sent.target)} ${sent.dedupeId.split('|')[0]!.split(':').slice(2).join(':')}`;
    out.set(name, (out.get(name) ?? 0) + 1);
  }
  return out;
}

describe('editing cards', () => {
  it('edits the team card on each change and each ended offer once; nothing after the lead settles', async () => {
    const t0 = h.clock.now().getTime();
    const r = await createLead(node.core, { input: leadInput() }, h.ctx(t.sdrs[0]!.id));
    if (r.status !== 'created') throw new Error('expected a new lead');
    await node.outbox.drain();
    // Offers at 0, 15, 30; reminders at 5, 20, 35; a full round at 45 (offers stop).
    await travel(h, node, new Date(t0 + minutes(60)));
    const lead = (await h.deps.stores.leads.get(r.lead.id))!;
    const [a1, a2, a3] = lead.offers.map((o) => `console:${t.aes.find((p) => p.id === o.personId)!.handle}`);
    const round = editsPerMessage();
    expect(Object.fromEntries(round)).toEqual({
      // offered to a2, to a3, then into the queue
      'console#team card': 3,
      // each offer message and its reminder: one last edit when the offer ended
      [`${a1} offer:0`]: 1,
      [`${a1} remind:0`]: 1,
      [`${a2} offer:1`]: 1,
      [`${a2} remind:1`]: 1,
      [`${a3} offer:2`]: 1,
      [`${a3} remind:2`]: 1,
    });
    // The ended offers say where the lead is now, without the "new lead for you" nudge.
    const last = node.sender.updates.at(-1)!;
    expect(messageToPlain(last.message)).toMatch(/Waiting in the team queue/);
    expect(messageToPlain(last.message)).not.toMatch(/New lead for you/);

    // A week passes: nothing is edited (or sent) about the lead.
    const edits = node.sender.updates.length;
    const sent = node.sender.sent.filter((s) => !s.dedupeId.startsWith('digest')).length;
    await travel(h, node, new Date(t0 + minutes(7 * 24 * 60)));
    expect(node.sender.updates.length).toBe(edits);
    expect(node.sender.sent.filter((s) => !s.dedupeId.startsWith('digest')).length).toBe(sent);

    // A change that shows nothing new edits nothing.
    await node.outbox.notify([
      {
        key: `lead:${lead.id}:changed:test`,
        to: { teamChannel: t.team.id },
        body: { kind: 'lead.changed', leadId: lead.id },
      },
    ]);
    await node.outbox.drain();
    expect(node.sender.updates.length).toBe(edits);

    // Claimed from the queue: only the live card changes; ended offers are left as they were.
    await claimLead(node.core, { leadRef: lead.id }, h.ctx(t.aes[1]!.id));
    await node.outbox.drain();
    const after = node.sender.updates
      .slice(edits)
      .map((u) => node.sender.sent.find((s) => s.ref.id === u.ref.id)!);
    expect(after.map((s) => targetText(s.target))).toEqual(['console#team']);
    expect(messageToPlain(node.sender.updates.at(-1)!.message)).toMatch(/Claimed by/);
  });
});
