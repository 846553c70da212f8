// Issue 11, item 2: a queued lead is picked up exactly once, however many processes run the
// pickup at the same moment (raced for real on the database).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Lead } from '../../src/core/leads/lead.js';
import { createLead } from '../../src/core/leads/create-lead.js';
import { offerQueuedLeads } from '../../src/core/leads/pickup.js';
import { updateTeamSettings } from '../../src/core/roster/index.js';
import {
  createCoreHarness,
  leadInput,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../support/core.js';
import { createNode, type BotNode } from './harness.js';

let h: CoreHarness;
let a: BotNode;
let b: BotNode;
let t: SeededTeam;
beforeAll(async () => {
  h = await createCoreHarness('2026-12-01T20:00:00Z'); // Tue 21:00 Berlin: nobody on shift
  a = await createNode(h, { ownConnection: true });
  b = await createNode(h, { ownConnection: true });
  t = await seedTeam(h, { aes: 3 });
  await updateTeamSettings(a.core, { settings: { routeWithinWorkingHours: true } }, h.ctx(t.admin.id));
});
afterAll(async () => {
  await a.close();
  await b.close();
  await h.close();
});

describe('claims.pickup under a race', () => {
  it('offers each queued lead once, to one AE, with one message, from two processes at once', async () => {
    const leads: Lead[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await createLead(a.core, { input: leadInput() }, h.ctx(t.sdrs[0]!.id));
      if (r.status !== 'created') throw new Error('expected a new lead');
      leads.push(r.lead);
    }
    expect(leads.every((l) => l.status === 'queued')).toBe(true);
    // Wed 09:00 Berlin: three pickups in each process, all at once.
    const at = new Date('2026-12-02T08:00:00Z');
    h.clock.set(at);
    const ctx = (n: number) => ({ source: 'job' as const, key: `job:race:${n}`, now: at });
    const runs = await Promise.all(
      [a, b, a, b, a, b].map((node, i) => offerQueuedLeads(node.core, { teamId: t.team.id }, ctx(i))),
    );
    expect(runs.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(6);
    await a.outbox.drain();
    await b.outbox.drain();

    const stored = await Promise.all(leads.map((l) => h.deps.stores.leads.get(l.id)));
    for (const l of stored) {
      expect(l).toMatchObject({ status: 'offered' });
      expect(l!.offers).toHaveLength(1);
      const events = await h.deps.stores.leads.events(l!.id);
      expect(events.map((e) => e.type)).toEqual(['lead.created', 'lead.queued', 'lead.offered']);
    }
    // Shared out by the rotation (two each), one offer message per lead across both processes.
    const per = new Map<string, number>();
    for (const l of stored) per.set(l!.offeredTo!, (per.get(l!.offeredTo!) ?? 0) + 1);
    expect([...per.values()].sort()).toEqual([2, 2, 2]);
    const offers = await h.conn
      .db!.collection('outbox')
      .find({ 'notice.body.kind': 'lead.offered' })
      .toArray();
    expect(offers).toHaveLength(6);
    expect(a.sender.of('lead.offered').length + b.sender.of('lead.offered').length).toBe(6);
  });
});
