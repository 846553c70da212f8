// Accounts by company domain without a query on the accounts (a scan on FerretDB): an account is
// listed in its domain's key list when it opens, a lead's duplicate check and its routing find it
// there by `_id` reads, and accounts an earlier version opened are listed once at start-up, as
// the lists an earlier version kept in lead_keys are moved beside the events.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Account } from '../../src/core/accounts/account.js';
import { createLead } from '../../src/core/leads/create-lead.js';
import { listAccountsUnderDomains, moveKeyLists } from '../../src/store/key-lists-upgrade.js';
import { KEY_LIST_MAX } from '../../src/store/lead-keys.js';
import { createModels } from '../../src/store/models.js';
import { MongoLeadStore } from '../../src/store/mongo-lead-store.js';
import { MongoAccountStore } from '../../src/store/mongo-stores.js';
import {
  createCoreHarness,
  leadInput,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../support/core.js';

let seq = 0;

describe('accounts by company domain', () => {
  let h: CoreHarness;
  let t: SeededTeam;
  beforeAll(async () => {
    h = await createCoreHarness();
    t = await seedTeam(h, { aes: 3 });
  });
  afterAll(() => h.close());

  const account = (domain: string, aeId: string): Account => {
    const now = h.clock.now();
    return {
      id: `acc-domain-${process.pid}-${++seq}`,
      teamId: t.team.id,
      leadId: `lead-of-acc-${seq}`,
      company: `Customer ${seq}`,
      domain,
      aeId,
      contract: {
        value: { amount: 1_000_000, currency: 'EUR' },
        termMonths: 12,
        startDate: '2026-01-01',
        endDate: '2027-01-01',
      },
      renewalState: 'pending',
      renewals: [],
      status: 'active',
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
  };
  const open = async (a: Account) => {
    await h.deps.stores.accounts.insert(a, { type: 'account.opened', source: 'cli', at: a.createdAt });
    return a;
  };
  const lead = (domain: string, force = false) =>
    createLead(
      h.deps,
      { input: leadInput({ email: `buyer${++seq}@${domain}` }), force },
      h.ctx(t.sdrs[0]!.id),
    );

  it('makes a lead of the company a duplicate of the account, and routes a forced one to its AE', async () => {
    const domain = `acme-${process.pid}.example`;
    const a = await open(account(domain, t.aes[2]!.id));
    const dup = await lead(domain);
    expect(dup.status).toBe('duplicate');
    if (dup.status !== 'duplicate') return;
    expect(dup.duplicates).toEqual([
      { matchedOn: ['domain'], account: expect.objectContaining({ id: a.id }) },
    ]);
    const forced = await lead(domain, true);
    if (forced.status !== 'created') throw new Error('not created');
    expect(forced.lead.routing).toMatchObject({
      kind: 'owner',
      personId: t.aes[2]!.id,
      detail: { accountId: a.id },
    });
    // Another process (nothing read there yet) finds it too.
    const other = new MongoAccountStore(createModels(h.conn));
    expect((await other.byDomain(t.team.id, domain)).map((x) => x.id)).toEqual([a.id]);
    expect(await other.byDomain(t.team.id, `nobody-${process.pid}.example`)).toEqual([]);
  });

  it('does not find a churned account, nor another team’s', async () => {
    const domain = `churned-${process.pid}.example`;
    const a = await open(account(domain, t.aes[0]!.id));
    const current = (await h.deps.stores.accounts.get(a.id))!;
    await h.deps.stores.accounts.commit(
      current,
      { ...current, status: 'churned' },
      {
        type: 'account.churned',
        source: 'cli',
        at: h.clock.now(),
      },
    );
    expect((await lead(domain)).status).toBe('created');
    expect(await h.deps.stores.accounts.byDomain('another-team', domain)).toEqual([]);
  });

  it('keeps the account in reach however many leads of the company follow it', async () => {
    const domain = `busy-${process.pid}.example`;
    const a = await open(account(domain, t.aes[1]!.id));
    for (let i = 0; i < KEY_LIST_MAX + 5; i++) expect((await lead(domain, true)).status).toBe('created');
    const other = new MongoAccountStore(createModels(h.conn));
    expect((await other.byDomain(t.team.id, domain)).map((x) => x.id)).toEqual([a.id]);
    const dup = await lead(domain);
    expect(dup.status === 'duplicate' && dup.duplicates.some((d) => d.account?.id === a.id)).toBe(true);
  }, 60_000);

  it('lists the accounts of an earlier version once, at start-up', async () => {
    const domain = `legacy-${process.pid}.example`;
    const a = await open(account(domain, t.aes[0]!.id));
    // As an earlier version left it: the account, no entry in its domain's list.
    await h.conn.collection('events').deleteMany({ accountId: a.id });
    const models = createModels(h.conn);
    const stranger = new MongoAccountStore(models);
    expect(await stranger.byDomain(t.team.id, domain)).toEqual([]);
    await h.conn.collection('ledger').deleteOne({ _id: 'migration:account-domain-keys' } as never);
    expect(await listAccountsUnderDomains(createModels(h.conn))).toBeGreaterThanOrEqual(1);
    const fresh = new MongoAccountStore(createModels(h.conn));
    expect((await fresh.byDomain(t.team.id, domain)).map((x) => x.id)).toEqual([a.id]);
    // Once: a later start reads the ledger record and lists nothing.
    expect(await listAccountsUnderDomains(createModels(h.conn))).toBe(0);
    expect(await h.conn.collection('events').countDocuments({ accountId: a.id })).toBe(1);
  });

  it('moves the lists an earlier version kept in lead_keys, once, at start-up', async () => {
    const email = `moved-${process.pid}@older.example`;
    const created = await createLead(h.deps, { input: leadInput({ email }) }, h.ctx(t.sdrs[0]!.id));
    if (created.status !== 'created') throw new Error('not created');
    // As an earlier version left it: the lead's email entry in lead_keys only.
    const entry = `${t.team.id}|email|${email}#1`;
    await h.conn.collection('events').deleteOne({ _id: `keys|${entry}` } as never);
    await h.conn.collection('lead_keys').insertOne({ _id: entry, leadId: created.lead.id } as never);
    const fresh = () => new MongoLeadStore(createModels(h.conn)).findOpenByKeys(t.team.id, { email });
    expect(await fresh()).toEqual([]);
    await h.conn.collection('ledger').deleteOne({ _id: 'migration:lead-keys-in-events' } as never);
    expect(await moveKeyLists(createModels(h.conn))).toBeGreaterThanOrEqual(1);
    expect(await moveKeyLists(createModels(h.conn))).toBe(0);
    expect((await fresh()).map((l) => l.id)).toEqual([created.lead.id]);
    const dup = await createLead(h.deps, { input: leadInput({ email }) }, h.ctx(t.sdrs[0]!.id));
    expect(dup.status === 'duplicate' && dup.duplicates.map((d) => d.lead?.id)).toEqual([created.lead.id]);
  });
});
