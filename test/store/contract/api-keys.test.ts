// The lead intake API's keys, raced from two processes: a retried `/team api-key create` (the same
// request key on both) makes one key, and only one of the racers is handed its secret.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { authenticateApiKey, createApiKey, revokeApiKey } from '../../../src/core/integrations/api-keys.js';
import { ctxOf, losses, openContract, seedTeam, wins, type Contract, type Seeded } from './harness.js';

describe('API keys', () => {
  let c: Contract;
  let s: Seeded;
  beforeAll(async () => {
    c = await openContract();
    s = await seedTeam(c, 1);
  });
  afterAll(() => c.close());

  it('makes one key of one request however many times it runs at once, and shows its secret once', async () => {
    const results = await c.race(12, (p) =>
      createApiKey(p.core, { label: 'Form' }, ctxOf(c, s.admin.id, 'api-key:1')),
    );
    expect(losses(results)).toEqual([]);
    const made = wins(results);
    expect(new Set(made.map((r) => r.key.id)).size).toBe(1);
    const shown = made.filter((r) => r.token);
    expect(shown).toHaveLength(1);
    const stored = await c.procs[1].stores.apiKeys.listTeam(s.team.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.hash).toBe(createHash('sha256').update(shown[0]!.token!).digest('hex'));
    expect((await authenticateApiKey(c.procs[1].core, shown[0]!.token!))?.team.id).toBe(s.team.id);
  });

  it('refuses a revoked key on the other process at once', async () => {
    const { token } = await createApiKey(c.procs[0].core, {}, ctxOf(c, s.admin.id));
    expect(await authenticateApiKey(c.procs[1].core, token!)).not.toBeNull();
    const id = `ak_${token!.slice(3, 19)}`;
    await revokeApiKey(c.procs[0].core, { keyId: id }, ctxOf(c, s.admin.id));
    expect(await authenticateApiKey(c.procs[1].core, token!)).toBeNull();
  });
});
