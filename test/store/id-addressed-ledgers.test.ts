// The hot paths of a new lead read by _id only (scans grow with history on FerretDB): the
// idempotency keys kept in the aggregate, the sequences' slots, the key lists of duplicate
// checks, the open-leads projection.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { claimLead } from '../../src/core/leads/claim-lead.js';
import { createLead } from '../../src/core/leads/create-lead.js';
import { disqualifyLead } from '../../src/core/leads/disqualify-lead.js';
import { createModels } from '../../src/store/models.js';
import { MongoLeadStore } from '../../src/store/mongo-lead-store.js';
import { RECENT_KEYS } from '../../src/store/recent-keys.js';
import {
  createCoreHarness,
  leadInput,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../support/core.js';

describe('_id-addressed ledgers', () => {
  let h: CoreHarness;
  let t: SeededTeam;
  beforeAll(async () => {
    h = await createCoreHarness();
    t = await seedTeam(h, { aes: 2 });
  });
  afterAll(() => h.close());

  const create = async (key?: string) => {
    const r = await createLead(h.deps, { input: leadInput() }, h.ctx(t.sdrs[0]!.id, key));
    if (r.status !== 'created') throw new Error('not created');
    return r.lead;
  };

  it("finds the event of a key through the aggregate's own state, out of sight of the domain object", async () => {
    const lead = await create();
    const leads = h.deps.stores.leads;
    const routed = await leads.eventByKey(lead.id, `${lead.id}|route`);
    expect(routed).toMatchObject({ id: `${lead.id}:1`, type: 'lead.offered' });
    expect(await leads.eventByKey(lead.id, 'never-used')).toBeNull();
    // The key marks ride along out of sight: not in the domain object, not in list results.
    expect(Object.keys((await leads.get(lead.id))!)).not.toContain('_keys');
    expect(Object.keys((await leads.list({ teamId: t.team.id }))[0]!)).not.toContain('_keys');
    // A claim, then many refused claims under other keys leave the claim's key in the window
    // only while fewer than RECENT_KEYS changes followed it.
    const ae = (await leads.get(lead.id))!.offeredTo!;
    await claimLead(h.deps, { leadRef: `L-${lead.number}` }, h.ctx(ae, 'claim-key'));
    expect(await leads.eventByKey(lead.id, 'claim-key|claim')).toMatchObject({ type: 'lead.claimed' });
    // A retry of the same key is a replay, not a second claim.
    const again = await claimLead(h.deps, { leadRef: `L-${lead.number}` }, h.ctx(ae, 'claim-key'));
    expect(again.lead.version).toBe((await leads.get(lead.id))!.version);
    expect(RECENT_KEYS).toBeGreaterThanOrEqual(8);
  });

  it('gives a lead the number it took when its numbering runs again (a crash before the lead was stored)', async () => {
    const lead = await create();
    await create();
    expect(await h.deps.stores.leads.takeNumber(t.team.id, lead.id)).toBe(lead.number);
    // On a process that never saw the sequence too, and the next lead still gets the next number.
    const other = new MongoLeadStore(createModels(h.conn));
    expect(await other.takeNumber(t.team.id, lead.id)).toBe(lead.number);
    expect(await other.takeNumber(t.team.id, 'lead-after')).toBe(lead.number + 2);
    expect((await h.deps.stores.leads.byNumber(t.team.id, lead.number))?.id).toBe(lead.id);
  });

  it('keeps load per AE and duplicates in step: closed leads leave both', async () => {
    const lead = await create();
    const leads = h.deps.stores.leads;
    const who = (await leads.get(lead.id))!.offeredTo!;
    const before = (await leads.openLoad(t.team.id)).get(who) ?? 0;
    expect(before).toBeGreaterThan(0);
    expect((await leads.findOpenByKeys(t.team.id, { email: lead.keys.email! })).map((l) => l.id)).toEqual([
      lead.id,
    ]);
    await disqualifyLead(h.deps, { leadRef: `L-${lead.number}`, reason: 'spam' }, h.ctx(t.admin.id));
    expect((await leads.openLoad(t.team.id)).get(who) ?? 0).toBe(before - 1);
    expect(await leads.findOpenByKeys(t.team.id, { email: lead.keys.email! })).toEqual([]);
  });

  it('confirms key candidates on the lead', async () => {
    const lead = await create();
    const leads = h.deps.stores.leads;
    // A list entry is only a candidate: the lead's own keys decide.
    await h.conn
      .collection('events')
      .insertOne({ _id: `keys|${t.team.id}|email|stale@example.com#1`, leadId: lead.id } as never);
    expect(await leads.findOpenByKeys(t.team.id, { email: 'stale@example.com' })).toEqual([]);
  });

  it('stores a lead whose key entry another lead took between its check and its insert: listed at the next entry', async () => {
    const email = `taken-${process.pid}@example.com`;
    const leads = h.deps.stores.leads;
    // The check notes where the list ends (empty); then another lead takes that entry.
    expect(await leads.findOpenByKeys(t.team.id, { email })).toEqual([]);
    const other = await create();
    await h.conn
      .collection('events')
      .insertOne({ _id: `keys|${t.team.id}|email|${email}#1`, leadId: other.id } as never);
    const r = await createLead(h.deps, { input: leadInput({ email }), force: true }, h.ctx(t.sdrs[0]!.id));
    if (r.status !== 'created') throw new Error('not created');
    expect(r.lead.version).toBe(1);
    const entries = await h.conn
      .collection('events')
      .find({ _id: { $regex: `^keys\\|${t.team.id}\\|email\\|` }, leadId: r.lead.id } as never)
      .toArray();
    expect(entries.map((e) => e._id)).toEqual([`keys|${t.team.id}|email|${email}#2`]);
    const elsewhere = new MongoLeadStore(createModels(h.conn));
    expect((await elsewhere.findOpenByKeys(t.team.id, { email })).map((l) => l.id)).toEqual([r.lead.id]);
    expect((await elsewhere.events(r.lead.id)).map((e) => e.type)).toEqual(['lead.created', 'lead.offered']);
  });
});
