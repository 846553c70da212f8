import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Lead } from '../../src/core/leads/lead.js';
import { claimLead } from '../../src/core/leads/claim-lead.js';
import { escalateUnclaimed, reofferLead, remindClaim } from '../../src/core/leads/claim-sla.js';
import { createLead } from '../../src/core/leads/create-lead.js';
import { passLead } from '../../src/core/leads/pass-lead.js';
import { reassignLead } from '../../src/core/leads/reassign-lead.js';
import { updateMember } from '../../src/core/roster/index.js';
import { createModels, ensureIndexes } from '../../src/store/models.js';
import { createMongoStores } from '../../src/store/mongo-stores.js';
import { connectDatabase } from '../../src/store/database.js';
import { testMongoUri } from '../support/db.js';
import {
  createCoreHarness,
  leadInput,
  refusal,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../support/core.js';

let h: CoreHarness;
beforeEach(async () => {
  h = await createCoreHarness();
});
afterEach(async () => {
  await h.close();
});

async function newLead(
  t: SeededTeam,
  overrides: Record<string, unknown> = {},
  ctx = h.ctx(t.sdrs[0]!.id),
): Promise<Lead> {
  const r = await createLead(h.deps, { input: leadInput(overrides) }, ctx);
  if (r.status !== 'created') throw new Error('expected created');
  return r.lead;
}

function tally(leads: Lead[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of leads) out[l.offeredTo ?? 'none'] = (out[l.offeredTo ?? 'none'] ?? 0) + 1;
  return out;
}

describe('weighted round robin', () => {
  it('shares leads in proportion to weights (2 : 1 : 0.5), spread out evenly', async () => {
    const t = await seedTeam(h, { aes: 3, aeWeights: [2, 1, 0.5] });
    const leads: Lead[] = [];
    for (let i = 0; i < 14; i++) leads.push(await newLead(t));
    const [a, b, c] = t.aes.map((p) => p.id);
    expect(tally(leads)).toEqual({ [a!]: 8, [b!]: 4, [c!]: 2 });
    // Smooth: the heavy AE never gets more than two in a row.
    const seq = leads.map((l) => l.offeredTo).join(',');
    expect(seq).not.toContain([a, a, a].join(','));
  });

  it('does not skew when 30 leads arrive at once from two bot processes', async () => {
    const t = await seedTeam(h, { aes: 3 });
    // A second "process": its own connection, models and stores on the same database.
    const conn2 = await connectDatabase(testMongoUri(), { dbName: h.conn.name });
    const m2 = createModels(conn2);
    await ensureIndexes(m2);
    const deps2 = { ...h.deps, stores: createMongoStores(m2) };
    try {
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          createLead(i % 2 ? h.deps : deps2, { input: leadInput() }, h.ctx(t.sdrs[0]!.id)),
        ),
      );
      const leads = results
        .map((r) => (r.status === 'created' ? r.lead : null))
        .filter((l): l is Lead => l !== null);
      expect(leads).toHaveLength(30);
      expect(Object.values(tally(leads)).sort()).toEqual([10, 10, 10]);
      expect(new Set(leads.map((l) => l.number)).size).toBe(30);
    } finally {
      await conn2.close();
    }
  });

  it('skips AEs who are out of office or at their cap and says why; nobody eligible → queue and managers told', async () => {
    const t = await seedTeam(h, { aes: 2 });
    const [anna, boris] = t.aes;
    const until = new Date(h.clock.now().getTime() + 3 * 24 * 3600_000);
    await updateMember(
      h.deps,
      { personId: anna!.id, patch: { outOfOffice: { from: h.clock.now(), until } } },
      h.ctx(t.admin.id),
    );
    await updateMember(h.deps, { personId: boris!.id, patch: { cap: 1 } }, h.ctx(t.admin.id));
    const first = await newLead(t);
    expect(first.offeredTo).toBe(boris!.id);
    expect(first.routing?.skipped).toEqual([
      { personId: anna!.id, reason: { code: 'out_of_office', until } },
    ]);
    const second = await newLead(t);
    expect(second.status).toBe('queued');
    expect(second.routing?.kind).toBe('queue');
    expect(second.routing?.skipped.map((s) => s.reason.code).sort()).toEqual(['at_cap', 'out_of_office']);
    expect(h.notifier.of('lead.queued').map((n) => n.to)).toEqual([{ managersOf: t.team.id }]);
  });

  it('gives a lead of a company with an existing owner to that owner', async () => {
    const t = await seedTeam(h, { aes: 3 });
    const first = await newLead(t, { company: 'Initech', email: 'peter@initech.com' });
    const owner = first.offeredTo!;
    await claimLead(h.deps, { leadRef: first.id }, h.ctx(owner));
    const r = await createLead(
      h.deps,
      { input: leadInput({ company: 'Initech', email: 'bill@initech.com' }), force: true },
      h.ctx(t.sdrs[0]!.id),
    );
    if (r.status !== 'created') throw new Error('expected created');
    expect(r.lead.routing).toMatchObject({ kind: 'owner', personId: owner, detail: { leadId: first.id } });
    expect(r.lead.offeredTo).toBe(owner);
  });
});

describe('claim', () => {
  it('has exactly one owner when 20 clicks race; every loser learns who owns it', async () => {
    const t = await seedTeam(h, { aes: 5 });
    const lead = await newLead(t);
    const clicks = Array.from({ length: 20 }, (_, i) => t.aes[i % 5]!.id);
    const results = await Promise.allSettled(
      clicks.map((ae) => claimLead(h.deps, { leadRef: lead.id }, h.ctx(ae))),
    );
    const stored = (await h.deps.stores.leads.get(lead.id))!;
    expect(stored.status).toBe('claimed');
    const owner = stored.ownerId!;
    const fresh = results.filter((r) => r.status === 'fulfilled' && !r.value.alreadyYours);
    expect(fresh).toHaveLength(1);
    for (const [i, r] of results.entries()) {
      if (r.status === 'fulfilled') expect(clicks[i]).toBe(owner);
      else expect(r.reason).toMatchObject({ code: 'LEAD_ALREADY_CLAIMED', params: { ownerId: owner } });
    }
    const claims = (await h.deps.stores.leads.events(lead.id)).filter((e) => e.type === 'lead.claimed');
    expect(claims).toHaveLength(1);
    expect(h.notifier.of('lead.claimed')).toHaveLength(1);
  });

  it('refuses people who are not AEs, naming the role', async () => {
    const t = await seedTeam(h, { aes: 1 });
    const lead = await newLead(t);
    const err = await refusal(claimLead(h.deps, { leadRef: lead.id }, h.ctx(t.sdrs[0]!.id)));
    expect(err).toMatchObject({ code: 'NOT_ALLOWED', params: { needed: ['ae'] } });
  });

  it('decides a claim racing the SLA re-offer consistently', async () => {
    const t = await seedTeam(h, { aes: 3 });
    for (let round = 0; round < 5; round++) {
      const lead = await newLead(t);
      const offered = lead.offeredTo!;
      const [claim] = await Promise.allSettled([
        claimLead(h.deps, { leadRef: lead.id }, h.ctx(offered)),
        reofferLead(h.deps, { leadId: lead.id, offerIndex: 0 }, h.ctx(undefined, undefined, 'job')),
      ]);
      const stored = (await h.deps.stores.leads.get(lead.id))!;
      expect(claim.status).toBe('fulfilled');
      expect(stored.status).toBe('claimed');
      expect(stored.ownerId).toBe(offered);
      expect(stored.offers.filter((o) => !o.outcome)).toHaveLength(0);
    }
  });
});

describe('pass, re-offer, escalation', () => {
  it('moves on when the offered AE passes; after a full round managers are told once and the lead waits in the queue', async () => {
    const t = await seedTeam(h, { aes: 3 });
    let lead = await newLead(t);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      seen.push(lead.offeredTo!);
      lead = await passLead(h.deps, { leadRef: lead.id, reason: 'not my segment' }, h.ctx(lead.offeredTo));
    }
    expect(new Set(seen).size).toBe(3);
    expect(lead.status).toBe('queued');
    expect(lead.offers.map((o) => o.outcome)).toEqual(['passed', 'passed', 'passed']);
    expect(lead.offers[0]?.passReason).toBe('not my segment');
    expect(h.notifier.of('lead.escalated')).toHaveLength(1);
    expect(h.notifier.of('lead.passed')).toHaveLength(3);
    // A queued lead can still be claimed (from the card) by any AE.
    const claimed = await claimLead(h.deps, { leadRef: lead.id }, h.ctx(t.aes[1]!.id));
    expect(claimed.lead.ownerId).toBe(t.aes[1]!.id);
  });

  it('reminds, re-offers on expiry, and after a full round stops offering (escalating once); nothing fires once claimed', async () => {
    const t = await seedTeam(h, { aes: 2 });
    const lead = await newLead(t);
    const jobCtx = () => h.ctx(undefined, undefined, 'job');
    expect(await remindClaim(h.deps, { leadId: lead.id, offerIndex: 0 })).toBe(true);
    expect(await remindClaim(h.deps, { leadId: lead.id, offerIndex: 0 })).toBe(true);
    expect(h.notifier.of('lead.claim_reminder')).toHaveLength(1);
    const second = (await reofferLead(h.deps, { leadId: lead.id, offerIndex: 0 }, jobCtx()))!;
    expect(second.offeredTo).not.toBe(lead.offeredTo);
    expect(await reofferLead(h.deps, { leadId: lead.id, offerIndex: 0 }, jobCtx())).toBeNull();
    // Both AEs saw it: no second round, the lead waits in the queue and managers hear once.
    const queued = (await reofferLead(h.deps, { leadId: lead.id, offerIndex: 1 }, jobCtx()))!;
    expect(queued).toMatchObject({ status: 'queued', round: 0 });
    expect(queued.offersStoppedAt).toBeDefined();
    expect(queued.escalatedAt).toBeDefined();
    expect(queued.offers).toHaveLength(2);
    expect(h.notifier.of('lead.offered')).toHaveLength(2);
    expect(h.notifier.of('lead.escalated')).toHaveLength(1);
    expect(await escalateUnclaimed(h.deps, { leadId: lead.id }, jobCtx())).toBe(false);
    expect(await remindClaim(h.deps, { leadId: lead.id, offerIndex: 1 })).toBe(false);
    // Anyone may claim it from the queue.
    await claimLead(h.deps, { leadRef: lead.id }, h.ctx(lead.offeredTo));
    expect(await remindClaim(h.deps, { leadId: lead.id, offerIndex: 1 })).toBe(false);
    expect(await reofferLead(h.deps, { leadId: lead.id, offerIndex: 1 }, jobCtx())).toBeNull();
    expect(h.notifier.of('lead.escalated')).toHaveLength(1);
  });

  it('lets a manager reassign, keeping the history', async () => {
    const t = await seedTeam(h, { aes: 2 });
    const lead = await newLead(t);
    const first = lead.offeredTo!;
    await claimLead(h.deps, { leadRef: lead.id }, h.ctx(first));
    const other = t.aes.find((a) => a.id !== first)!;
    const moved = await reassignLead(
      h.deps,
      { leadRef: `L-${lead.number}`, toPersonId: other.id, reason: 'vacation' },
      h.ctx(t.admin.id),
    );
    expect(moved.ownerId).toBe(other.id);
    const events = await h.deps.stores.leads.events(lead.id);
    expect(events.map((e) => e.type)).toEqual([
      'lead.created',
      'lead.offered',
      'lead.claimed',
      'lead.reassigned',
    ]);
    expect(events[3]).toMatchObject({
      actorId: t.admin.id,
      reason: 'vacation',
      data: { fromId: first, toId: other.id },
    });
    const err = await refusal(reassignLead(h.deps, { leadRef: lead.id, toPersonId: first }, h.ctx(first)));
    expect(err).toMatchObject({ code: 'NOT_ALLOWED', params: { needed: ['manager', 'admin'] } });
  });
});
