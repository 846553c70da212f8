// Aggregate commits (leads, accounts): each change is an event inserted once at the next
// version, raced from two processes — directly on the store, and through the use cases that
// rely on it (a request reaching two processes, a claim clicked by several AEs at once).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Account } from '../../../src/core/accounts/account.js';
import { BatonError } from '../../../src/core/errors.js';
import { claimLead } from '../../../src/core/leads/claim-lead.js';
import { createLead } from '../../../src/core/leads/create-lead.js';
import { ctxOf, losses, openContract, seedTeam, wins, type Contract, type Seeded } from './harness.js';

const at = new Date('2026-12-01T09:00:00Z');

function account(id: string): Account {
  return {
    id,
    teamId: 'team-a',
    leadId: `lead-of-${id}`,
    company: 'Acme',
    aeId: 'ae1',
    contract: {
      value: { amount: 1000, currency: 'EUR' },
      termMonths: 12,
      startDate: '2026-12-01',
      endDate: '2027-11-30',
    },
    renewalState: 'pending',
    renewals: [],
    status: 'active',
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
}

const draft = (type: string, key?: string) => ({
  type,
  source: 'console' as const,
  at,
  ...(key ? { key } : {}),
});

describe('aggregate commits', () => {
  let c: Contract;
  let t: Seeded;
  beforeAll(async () => {
    c = await openContract();
    t = await seedTeam(c);
  });
  afterAll(() => c.close());

  it('creates an aggregate once when its creation races', async () => {
    const results = await c.race(10, (p) =>
      p.stores.accounts.insert(account('acc-1'), draft('account.created', 'k-create')),
    );
    expect(losses(results)).toEqual([]);
    expect(wins(results).filter(Boolean)).toHaveLength(1);
    expect((await c.procs[1].stores.accounts.events('acc-1')).map((e) => e.version)).toEqual([0]);
  });

  it('lets exactly one of the changes racing at one version win; the others are told CONFLICT', async () => {
    const current = (await c.procs[0].stores.accounts.get('acc-1'))!;
    const results = await c.race(16, (p, i) =>
      p.stores.accounts.commit(
        current,
        { ...current, amId: `am${i}` },
        draft('account.am_assigned', `assign:${i}`),
      ),
    );
    expect(wins(results)).toHaveLength(1);
    expect(losses(results).map((e) => (e instanceof BatonError ? e.code : e))).toEqual(
      Array(15).fill('CONFLICT'),
    );
    const winner = wins(results)[0]!;
    for (const p of c.procs) {
      expect(await p.stores.accounts.get('acc-1')).toMatchObject({ version: 1, amId: winner.amId });
      expect((await p.stores.accounts.events('acc-1')).map((e) => e.version)).toEqual([0, 1]);
    }
    const key = `assign:${winner.amId!.slice(2)}`;
    expect(await c.procs[1].stores.accounts.eventByKey('acc-1', key)).toMatchObject({ id: 'acc-1:1', key });
  });

  it('rolls the cached document forward when a writer died between the event and the document', async () => {
    const current = (await c.procs[0].stores.accounts.get('acc-1'))!;
    const events = c.procs[1].conn.collection('events');
    const v1 = (await events.findOne({ _id: 'acc-1:1' } as never))!;
    // Version 2's event is in; the process died before it rewrote the document.
    await events.insertOne({
      ...v1,
      _id: 'acc-1:2',
      version: 2,
      type: 'account.note',
      key: 'note-2',
      state: { ...v1.state, version: 2, handoffNote: 'call Jane first' },
    } as never);
    expect(current.version).toBe(1);
    expect(await c.procs[0].stores.accounts.get('acc-1')).toMatchObject({
      version: 2,
      handoffNote: 'call Jane first',
    });
    expect(await c.procs[1].conn.collection('accounts').findOne({ _id: 'acc-1' } as never)).toMatchObject({
      version: 2,
    });
    // A writer still holding version 1 loses: the event at version 2 is taken.
    await expect(
      c.procs[1].stores.accounts.commit(current, { ...current, amId: 'late' }, draft('account.am_assigned')),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('creates one lead from a request that reaches two processes at once (a platform retry)', async () => {
    const ctx = ctxOf(c, t.sdr.id, 'slack:cmd:T1:trigger-1');
    const input = {
      company: 'Globex',
      contactName: 'Hank',
      email: 'hank@globex.example',
      source: 'inbound',
      need: true,
    };
    const results = await c.race(8, (p) => createLead(p.core, { input }, ctx));
    expect(losses(results)).toEqual([]);
    const ids = wins(results).map((r) => (r.status === 'created' ? r.lead.id : r.status));
    expect(new Set(ids).size).toBe(1);
    const lead = (await c.procs[1].stores.leads.get(ids[0]!))!;
    expect(lead.number).toBe(1);
    expect((await c.procs[0].stores.leads.list({ teamId: t.team.id })).map((l) => l.id)).toEqual([lead.id]);
    const versions = (await c.procs[0].stores.leads.events(lead.id)).map((e) => e.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
  });

  it('gives a lead to exactly one of the AEs racing to claim it', async () => {
    await c.procs[0].stores.teams.update(t.team.id, { claimOfferedOnly: false });
    const ctx = ctxOf(c, t.sdr.id);
    const created = await createLead(
      c.procs[0].core,
      {
        input: {
          company: 'Initech',
          contactName: 'Bill',
          email: 'bill@initech.example',
          source: 'inbound',
          need: true,
        },
      },
      ctx,
    );
    if (created.status !== 'created') throw new Error('not created');
    const ref = `L-${created.lead.number}`;
    const results = await c.race(12, (p, i) =>
      claimLead(p.core, { leadRef: ref }, ctxOf(c, t.aes[i % 3]!.id)),
    );
    const lead = (await c.procs[1].stores.leads.get(created.lead.id))!;
    expect(lead.status).toBe('claimed');
    // Every answer names the one owner; the others were told it is taken.
    for (const r of wins(results)) expect(r.lead.ownerId).toBe(lead.ownerId);
    expect(losses(results).map((e) => (e as BatonError).code)).toEqual(
      Array(losses(results).length).fill('LEAD_ALREADY_CLAIMED'),
    );
    const claims = (await c.procs[0].stores.leads.events(lead.id)).filter((e) => e.type === 'lead.claimed');
    expect(claims).toHaveLength(1);
  });

  // The slower writer's first write beside or of the lead waits until process 1 has committed the
  // next change: its open-leads entry (written before the document) or its cached document.
  for (const [held, company] of [
    ['open_leads', 'Hooli'],
    ['leads', 'Pied Piper'],
  ] as const)
    it(`puts the newest lead back (cache and open-leads entry) when a slower writer's ${held} write lands after a newer one's`, async () => {
      const created = await createLead(
        c.procs[0].core,
        {
          input: {
            company,
            contactName: 'Gavin',
            email: `gavin@${company.replace(' ', '')}.example`,
            source: 'inbound',
            need: true,
          },
        },
        ctxOf(c, t.sdr.id),
      );
      if (created.status !== 'created') throw new Error('not created');
      const id = created.lead.id;
      const base = (await c.procs[0].stores.leads.get(id))!;
      // Each change moves the lead's load to another AE, so each writes its open-leads entry.
      const [slowOwner, fastOwner] = t.aes
        .map((a) => a.id)
        .filter((a) => a !== (base.ownerId ?? base.offeredTo));
      const col = c.procs[0].conn.collection(held);
      const replace = col.replaceOne.bind(col);
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let waiting = false;
      col.replaceOne = (async (...args: Parameters<typeof replace>) => {
        if (!waiting) {
          waiting = true;
          await gate;
        }
        return replace(...args);
      });
      try {
        const slow = c.procs[0].stores.leads.commit(
          base,
          { ...base, status: 'claimed', ownerId: slowOwner },
          draft('lead.claimed', `slow-${held}`),
        );
        while (!waiting) await new Promise((r) => setTimeout(r, 5));
        const mid = (await c.procs[1].stores.leads.get(id))!;
        expect(mid).toMatchObject({ version: base.version + 1, ownerId: slowOwner });
        await c.procs[1].stores.leads.commit(
          mid,
          { ...mid, ownerId: fastOwner },
          draft('lead.reassigned', `fast-${held}`),
        );
        release();
        await slow;
      } finally {
        col.replaceOne = replace;
      }
      const db = c.procs[1].conn;
      expect(await db.collection('leads').findOne({ _id: id } as never)).toMatchObject({
        version: base.version + 2,
        ownerId: fastOwner,
      });
      expect(await db.collection('open_leads').findOne({ _id: id } as never)).toMatchObject({ who: fastOwner });
    });

  it('lists every lead of one email when they arrive at once, and finds them all as duplicates after', async () => {
    const email = 'same@umbrella.example';
    const results = await c.race(6, (p, i) =>
      createLead(
        p.core,
        { input: { company: `Umbrella ${i}`, contactName: 'Al', email, source: 'inbound', need: true } },
        ctxOf(c, t.sdr.id),
      ),
    );
    const created = wins(results).flatMap((r) => (r.status === 'created' ? [r.lead.id] : []));
    expect(created.length).toBeGreaterThan(0);
    for (const p of c.procs) {
      const found = (await p.stores.leads.findOpenByKeys(t.team.id, { email })).map((l) => l.id);
      expect(found.sort()).toEqual([...created].sort());
    }
    const later = await createLead(
      c.procs[1].core,
      { input: { company: 'Umbrella 9', contactName: 'Al', email, source: 'inbound', need: true } },
      ctxOf(c, t.sdr.id),
    );
    expect(later.status === 'duplicate' ? later.duplicates.length : 0).toBe(created.length);
  });
});
