// The roster in memory (roster-cache.ts): two processes on one database, each with its own cache,
// each seeing the other's roster writes from its next request on; one snapshot per request.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Stores } from '../../src/core/ports.js';
import { createModels } from '../../src/store/models.js';
import { createMongoStores } from '../../src/store/mongo-stores.js';
import { createCoreHarness, seedTeam, type CoreHarness, type SeededTeam } from '../support/core.js';

describe('roster cache', () => {
  let h: CoreHarness;
  let t: SeededTeam;
  let a: Stores;
  let b: Stores;
  beforeAll(async () => {
    h = await createCoreHarness();
    t = await seedTeam(h, { aes: 2 });
    a = createMongoStores(createModels(h.conn));
    b = createMongoStores(createModels(h.conn));
  });
  afterAll(() => h.close());

  it("sees another process's change of a person, a team and an address at its next request", async () => {
    const ae = t.aes[0]!;
    expect((await a.people.get(ae.id))?.weight).toBe(ae.weight);
    expect((await a.teams.get(t.team.id))?.name).toBe('Sales');
    await b.people.update(ae.id, { weight: 3 });
    await b.teams.update(t.team.id, { name: 'Sales EU' });
    expect((await a.people.get(ae.id))?.weight).toBe(3);
    expect(
      (await a.people.listTeam(t.team.id, { activeOnly: true })).find((p) => p.id === ae.id)?.weight,
    ).toBe(3);
    expect((await a.teams.get(t.team.id))?.name).toBe('Sales EU');
    await b.people.linkAddress(ae.id, 'console:second-desk');
    expect((await a.people.byAddress('console:second-desk'))?.id).toBe(ae.id);
    await b.people.update(ae.id, { active: false });
    expect((await a.people.listTeam(t.team.id, { activeOnly: true })).map((p) => p.id)).not.toContain(ae.id);
  });

  it('reads one snapshot per request, and its own writes within it', async () => {
    const ae = t.aes[1]!;
    await a.roster.snapshot(async () => {
      const before = (await a.people.get(ae.id))!.weight;
      await b.people.update(ae.id, { weight: before + 1 });
      // Another process's write during this request: the request keeps the roster it started with.
      expect((await a.people.get(ae.id))!.weight).toBe(before);
      await a.people.update(ae.id, { weight: before + 2 });
      expect((await a.people.get(ae.id))!.weight).toBe(before + 2);
    });
    expect((await b.people.get(ae.id))!.weight).toBe((await a.people.get(ae.id))!.weight);
  });

  it('hands out copies: a caller changing what it got changes nothing cached', async () => {
    const p = (await a.people.get(t.sdrs[0]!.id))!;
    p.roles.push('manager');
    p.name = 'changed';
    expect((await a.people.get(p.id))!.name).not.toBe('changed');
    expect((await a.people.get(p.id))!.roles).not.toContain('manager');
  });
});
