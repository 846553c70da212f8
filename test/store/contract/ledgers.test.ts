// Insert-once ledgers and the unique keys of the roster, raced from two processes: one-off facts
// (the first admin, invites), a person's chat accounts and handle.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BatonError } from '../../../src/core/errors.js';
import { addMember, setupTeam } from '../../../src/core/roster/index.js';
import { ctxOf, losses, openContract, wins, type Contract, type Ports } from './harness.js';

const codes = (results: PromiseSettledResult<unknown>[]) =>
  losses(results).map((e) => (e instanceof BatonError ? e.code : String(e)));

const setUp = (c: Contract, p: Ports, who: string, key: string) =>
  setupTeam(
    p.core,
    { teamName: 'Sales', founder: { address: `console:${who}`, name: who } },
    ctxOf(c, undefined, key),
  );

describe('insert-once ledgers', () => {
  let c: Contract;
  beforeAll(async () => {
    c = await openContract();
  });
  afterAll(() => c.close());

  it('makes exactly one of the people racing to set Baton up its first admin', async () => {
    const results = await c.race(12, (p, i) => setUp(c, p, `founder${i}`, `setup:${i}`));
    expect(wins(results)).toHaveLength(1);
    expect(codes(results)).toEqual(Array(11).fill('ALREADY_SET_UP'));
    const { team, admin } = wins(results)[0]!;
    for (const p of c.procs) {
      expect((await p.stores.teams.list()).map((t) => t.id)).toEqual([team.id]);
      expect((await p.stores.people.listTeam(team.id)).map((x) => x.id)).toEqual([admin.id]);
    }
  });

  it('gives a chat account to one person only, however many managers add it at once', async () => {
    const [team] = await c.procs[0].stores.teams.list();
    const [admin] = await c.procs[0].stores.people.listTeam(team!.id);
    const results = await c.race(10, (p, i) =>
      addMember(
        p.core,
        { name: `Vera ${i}`, handle: `vera${i}`, roles: ['sdr'], address: 'slack:T1:UVERA' },
        ctxOf(c, admin!.id, `add-vera:${i}`),
      ),
    );
    expect(wins(results)).toHaveLength(1);
    expect(codes(results)).toEqual(Array(9).fill('ADDRESS_TAKEN'));
    const holder = await c.procs[1].stores.people.byAddress('slack:T1:UVERA');
    expect(holder?.id).toBe(wins(results)[0]!.id);
    // The losers left nothing behind: no person, no half-claimed account.
    expect(await c.procs[0].stores.people.listTeam(team!.id)).toHaveLength(2);
  });

  it('records a one-off fact once, keeps the first record, and lets its recorder mark it', async () => {
    const results = await c.race(30, (p, i) =>
      p.stores.ledger.insertOnce('invite', 'CODE-1', { by: `p${p.index}#${i}`, at: c.clock.now() }),
    );
    expect(losses(results)).toEqual([]);
    expect(wins(results).filter(Boolean)).toHaveLength(1);
    const first = wins(results).indexOf(true);
    expect(await c.procs[1].stores.ledger.get('invite', 'CODE-1')).toMatchObject({
      kind: 'invite',
      by: `p${first % 2}#${first}`,
    });
    await c.procs[first % 2]!.stores.ledger.mark('invite', 'CODE-1', { usedBy: 'vera' });
    expect(await c.procs[(first + 1) % 2]!.stores.ledger.get('invite', 'CODE-1')).toMatchObject({
      by: `p${first % 2}#${first}`,
      usedBy: 'vera',
    });
    expect(await c.procs[0].stores.ledger.get('invite', 'NO-SUCH-CODE')).toBeNull();
  });
});

describe('purging one kind of ledger record', () => {
  let c: Contract;
  beforeAll(async () => {
    c = await openContract();
  });
  afterAll(() => c.close());

  it('deletes the records of that kind made before a date, and nothing of another kind', async () => {
    const [a, b] = c.procs.map((p) => p.stores.ledger);
    const day = (d: number) => new Date(Date.UTC(2026, 11, d));
    for (const d of [1, 2, 3])
      expect(await a!.insertOnce('api-request', `t:k${d}`, { at: day(d) })).toBe(true);
    expect(await a!.insertOnce('invite', 'CODE', { at: day(1) })).toBe(true);
    expect(await b!.purge('api-request', day(3))).toBe(2);
    expect(await b!.purge('api-request', day(3))).toBe(0);
    expect(await a!.get('api-request', 't:k1')).toBeNull();
    expect(await a!.get('api-request', 't:k3')).toMatchObject({ at: day(3) });
    expect(await a!.get('invite', 'CODE')).not.toBeNull();
    // A purged id can be recorded afresh (an Idempotency-Key sent again weeks later).
    expect(await b!.insertOnce('api-request', 't:k1', { at: day(4) })).toBe(true);
  });
});

describe('a request replayed on two processes at once', () => {
  let c: Contract;
  beforeAll(async () => {
    c = await openContract();
  });
  afterAll(() => c.close());

  it('sets Baton up once; a replay answers with that team, or (once it is done) that it is set up', async () => {
    const results = await c.race(8, (p) => setUp(c, p, 'boss', 'setup:retried'));
    expect(wins(results).length).toBeGreaterThan(0);
    expect(new Set(wins(results).map((r) => `${r.team.id}/${r.admin.id}`)).size).toBe(1);
    expect(new Set(codes(results))).toEqual(new Set(losses(results).length ? ['ALREADY_SET_UP'] : []));
    expect(await c.procs[1].stores.teams.list()).toHaveLength(1);
    expect(await c.procs[0].stores.people.count()).toBe(1);
  });
});
