import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLead } from '../../src/core/leads/create-lead.js';
import { createModels } from '../../src/store/models.js';
import { createMongoStores } from '../../src/store/mongo-stores.js';
import {
  createCoreHarness,
  leadInput,
  refusal,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../support/core.js';

let h: CoreHarness;
let t: SeededTeam;
beforeAll(async () => {
  h = await createCoreHarness();
  t = await seedTeam(h, { aes: 3 });
});
afterAll(async () => {
  await h.close();
});

describe('createLead', () => {
  it('stores a normalised lead, numbers it, offers it to an AE and posts the card', async () => {
    const r = await createLead(
      h.deps,
      {
        input: leadInput({
          company: 'Acme',
          email: ' Jane.Doe@ACME.com ',
          phone: '8 (916) 123-45-67',
          value: '$25k',
        }),
      },
      h.ctx(t.sdrs[0]!.id),
    );
    expect(r.status).toBe('created');
    if (r.status !== 'created') return;
    expect(r.lead.fields.contact.email).toBe('jane.doe@acme.com');
    expect(r.lead.fields.contact.phone).toBe('79161234567');
    expect(r.lead.keys.domain).toBe('acme.com');
    expect(r.lead.fields.value).toEqual({ amount: 2_500_000, currency: 'USD' });
    expect(r.lead.number).toBeGreaterThan(0);
    expect(r.lead.status).toBe('offered');
    expect(r.lead.routing?.kind).toBe('rotation');
    expect(t.aes.map((a) => a.id)).toContain(r.lead.offeredTo);
    expect(
      h.notifier.of('lead.card').some((n) => n.body.kind === 'lead.card' && n.body.leadId === r.lead.id),
    ).toBe(true);
    expect(
      h.notifier.of('lead.offered').find((n) => n.body.kind === 'lead.offered' && n.body.leadId === r.lead.id)
        ?.to,
    ).toEqual({
      personId: r.lead.offeredTo,
    });
    expect(h.timers.of('claims.remind').some((x) => x.timer.leadId === r.lead.id)).toBe(true);
    const events = await h.deps.stores.leads.events(r.lead.id);
    expect(events.map((e) => e.type)).toEqual(['lead.created', 'lead.offered']);
    expect(events[1]).toMatchObject({
      actorId: t.sdrs[0]!.id,
      source: 'console',
      from: 'new',
      to: 'offered',
    });
  });

  it('gives a field-specific message for each problem and writes nothing', async () => {
    const before = await h.deps.stores.leads.list({ teamId: t.team.id });
    const err = await refusal(
      createLead(
        h.deps,
        {
          input: {
            company: '',
            contactName: 'X',
            email: 'not-an-email',
            phone: 'abc',
            source: 'carrier pigeon',
            value: 'lots',
          },
        },
        h.ctx(t.sdrs[0]!.id),
      ),
    );
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.issues.map((i) => `${i.field}:${i.code}`).sort()).toEqual(
      [
        'company:required',
        'contact.email:invalid_email',
        'contact.phone:invalid_phone',
        'source:unknown_source',
        'value:invalid_amount',
      ].sort(),
    );
    expect(await h.deps.stores.leads.list({ teamId: t.team.id })).toHaveLength(before.length);
  });

  it('returns the existing lead instead of creating a duplicate (email, phone or domain), unless forced', async () => {
    const first = await createLead(
      h.deps,
      { input: leadInput({ company: 'Globex', email: 'hank@globex.com' }) },
      h.ctx(t.sdrs[0]!.id),
    );
    if (first.status !== 'created') throw new Error('expected created');
    const dup = await createLead(
      h.deps,
      { input: leadInput({ company: 'Globex Corp', email: 'other@GLOBEX.com' }) },
      h.ctx(t.sdrs[0]!.id),
    );
    expect(dup.status).toBe('duplicate');
    if (dup.status === 'duplicate') {
      expect(dup.duplicates[0]?.lead?.id).toBe(first.lead.id);
      expect(dup.duplicates[0]?.matchedOn).toEqual(['domain']);
    }
    const forced = await createLead(
      h.deps,
      { input: leadInput({ company: 'Globex Corp', email: 'other@globex.com' }), force: true },
      h.ctx(t.sdrs[0]!.id),
    );
    expect(forced.status).toBe('created');
    // The company already has an owner once the first lead is claimed; here it is only offered,
    // so the forced lead goes through the rotation like any other.
  });

  it('does not treat free mail domains as companies', async () => {
    const a = await createLead(
      h.deps,
      { input: leadInput({ email: 'a.person@gmail.com' }) },
      h.ctx(t.sdrs[0]!.id),
    );
    const b = await createLead(
      h.deps,
      { input: leadInput({ email: 'b.person@gmail.com' }) },
      h.ctx(t.sdrs[0]!.id),
    );
    expect(a.status).toBe('created');
    expect(b.status).toBe('created');
  });

  it('is exactly once per request key: a retried request returns the same lead', async () => {
    const ctx = h.ctx(t.sdrs[0]!.id, 'slack:cmd:T1:retry-me');
    const input = leadInput();
    const [x, y] = await Promise.all([
      createLead(h.deps, { input }, ctx),
      createLead(h.deps, { input }, ctx),
    ]);
    const again = await createLead(h.deps, { input }, ctx);
    const ids = [x, y, again].map((r) => (r.status === 'created' ? r.lead.id : 'dup'));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).not.toBe('dup');
    const events = await h.deps.stores.leads.events(ids[0]!);
    expect(events.map((e) => e.type)).toEqual(['lead.created', 'lead.offered']);
  });

  it('finishes a lead whose writer died after its events, before its document: one lead, counted once', async () => {
    const ctx = h.ctx(t.sdrs[0]!.id, 'slack:cmd:T1:crash-me');
    const input = leadInput();
    const first = await createLead(h.deps, { input }, ctx);
    if (first.status !== 'created') throw new Error('not created');
    const from = new Date(ctx.now.toISOString().slice(0, 10));
    const to = new Date(from.getTime() + 86_400_000);
    const facts = await h.deps.stores.kpiFacts.read(t.team.id, from, to);
    // What a writer that died after inserting the events leaves: no document. Another process
    // (which never saw the lead) runs the recovered request.
    await h.conn.collection('leads').deleteOne({ _id: first.lead.id } as never);
    const other = { ...h.deps, stores: createMongoStores(createModels(h.conn)) };
    const again = await createLead(other, { input }, ctx);
    if (again.status !== 'created') throw new Error('not created');
    expect(again.lead).toMatchObject({ id: first.lead.id, number: first.lead.number, version: 1 });
    expect(again.lead.offeredTo).toBe(first.lead.offeredTo);
    expect((await h.deps.stores.leads.get(first.lead.id))?.status).toBe('offered');
    expect((await h.deps.stores.leads.events(first.lead.id)).map((e) => e.type)).toEqual([
      'lead.created',
      'lead.offered',
    ]);
    expect(await h.deps.stores.kpiFacts.read(t.team.id, from, to)).toEqual(facts);
  });

  it('keeps its number and takes the next turn alone when another process took the turn it computed', async () => {
    const first = await createLead(h.deps, { input: leadInput() }, h.ctx(t.sdrs[0]!.id));
    if (first.status !== 'created' || first.lead.routing?.kind !== 'rotation') throw new Error('not routed');
    // Another process takes the rotation's next turn (a pickup, say) after this one last saw it:
    // the new lead's number goes in with that turn behind it, which is refused.
    const pool = `ae:${t.team.id}`;
    const other = createMongoStores(createModels(h.conn));
    const seen = (await other.rotation.latest(pool))!;
    expect(seen.seq).toBe(first.lead.routing.turn);
    expect(await other.rotation.insert({ ...seen, seq: seen.seq + 1, key: 'elsewhere' })).toBe('inserted');
    const r = await createLead(h.deps, { input: leadInput() }, h.ctx(t.sdrs[0]!.id));
    if (r.status !== 'created') throw new Error('not created');
    expect(r.lead.number).toBe(first.lead.number + 1);
    expect(r.lead.routing).toMatchObject({ kind: 'rotation', turn: seen.seq + 2 });
    expect(await other.rotation.byKey(`route:${r.lead.id}:0`)).toMatchObject({
      seq: seen.seq + 2,
      personId: r.lead.offeredTo,
    });
    expect(await other.leads.byNumber(t.team.id, r.lead.number)).toMatchObject({ id: r.lead.id });
  });

  it('refuses people without an SDR or manager role, naming the roles needed', async () => {
    const err = await refusal(createLead(h.deps, { input: leadInput() }, h.ctx(t.aes[0]!.id)));
    expect(err.code).toBe('NOT_ALLOWED');
    expect(err.params.needed).toEqual(['sdr', 'manager', 'admin']);
  });
});
