// Insert-once sequences (lead numbers, rotation turns) raced from two processes: no number twice,
// no gap, one slot per key, and the end of a sequence found by `_id` probes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RotationTurn } from '../../../src/core/ports.js';
import { createModels } from '../../../src/store/models.js';
import { sequenceLedger } from '../../../src/store/mongo-lead-store.js';
import { losses, openContract, wins, type Contract, type Ports } from './harness.js';

const turn = (pool: string, seq: number, key: string, personId = 'ae1'): RotationTurn => ({
  pool,
  seq,
  kind: 'assign',
  personId,
  key,
  weights: { ae1: 0, ae2: 0 },
  at: new Date('2026-12-01T09:00:00Z'),
});

/** What a router does: read the pool's latest turn, take the next seq, read again when beaten. */
async function takeNextTurn(p: Ports, pool: string, key: string): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const latest = await p.stores.rotation.latest(pool);
    const r = await p.stores.rotation.insert(turn(pool, (latest?.seq ?? 0) + 1, key));
    if (r === 'inserted') return (latest?.seq ?? 0) + 1;
    if (r !== 'seq_taken') return r.existing.seq;
  }
  throw new Error('no turn after 200 attempts');
}

/**
 * What a new lead does: its number and, in the same command, the turn after the latest one seen
 * here; a turn that did not go in there is taken alone.
 */
async function numberAndTurn(
  p: Ports,
  teamId: string,
  leadId: string,
  pool: string,
): Promise<{ number: number; turn: number }> {
  const latest = await p.stores.rotation.latest(pool, { seen: true });
  const proposed = turn(pool, (latest?.seq ?? 0) + 1, `route:${leadId}:0`);
  const r = await p.stores.leads.takeNumberAndTurn(teamId, leadId, proposed);
  if (r.turn === 'inserted') return { number: r.number, turn: proposed.seq };
  if (r.turn && r.turn !== 'seq_taken') return { number: r.number, turn: r.turn.existing.seq };
  return { number: r.number, turn: await takeNextTurn(p, pool, proposed.key) };
}

describe('insert-once sequences', () => {
  let c: Contract;
  beforeAll(async () => {
    c = await openContract();
  });
  afterAll(() => c.close());

  it('numbers leads 1..n without a gap or a repeat while two processes number at once', async () => {
    const results = await c.race(30, (p, i) => p.stores.leads.takeNumber('team-a', `lead-${i}`));
    expect(losses(results)).toEqual([]);
    expect(wins(results).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Another team's sequence is its own.
    expect(await c.procs[1].stores.leads.takeNumber('team-b', 'lead-x')).toBe(1);
  });

  it('gives a lead one number however many processes number it at once', async () => {
    const results = await c.race(12, (p) => p.stores.leads.takeNumber('team-a', 'lead-retried'));
    expect(new Set(wins(results))).toEqual(new Set([31]));
    expect(await c.procs[0].stores.leads.takeNumber('team-a', 'lead-next')).toBe(32);
  });

  it('lets exactly one of the writers racing for one slot take it', async () => {
    const results = await c.race(20, (p, i) => p.stores.rotation.insert(turn('pool-1', 1, `route:${i}`)));
    expect(wins(results).filter((r) => r === 'inserted')).toHaveLength(1);
    expect(wins(results).filter((r) => r === 'seq_taken')).toHaveLength(19);
    const winner = wins(results).indexOf('inserted');
    for (const p of c.procs) {
      expect(await p.stores.rotation.latest('pool-1')).toMatchObject({ seq: 1, key: `route:${winner}` });
      expect(await p.stores.rotation.byKey(`route:${winner}`)).toMatchObject({ seq: 1 });
      expect(await p.stores.rotation.byKey('route:never')).toBeNull();
    }
  });

  it('keeps one slot per key: a re-run at another seq gets the slot its key already took', async () => {
    const first = await c.procs[0].stores.rotation.insert(turn('pool-2', 1, 'route:lead-7'));
    expect(first).toBe('inserted');
    const results = await c.race(10, (p, i) =>
      p.stores.rotation.insert(turn('pool-2', 2 + (i % 3), 'route:lead-7')),
    );
    for (const r of wins(results)) expect(r).toEqual({ existing: expect.objectContaining({ seq: 1 }) });
    expect(losses(results)).toEqual([]);
    expect((await c.procs[1].stores.rotation.latest('pool-2'))?.seq).toBe(1);
  });

  it('hands out turns 1..n once each to routers racing on two processes', async () => {
    const results = await c.race(24, (p, i) => takeNextTurn(p, 'pool-3', `p3:${i}`));
    expect(wins(results).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    for (let i = 0; i < 24; i++) {
      const t = await c.procs[i % 2]!.stores.rotation.byKey(`p3:${i}`);
      expect(t?.seq).toBe(wins(results)[i]);
    }
    expect((await c.procs[0].stores.rotation.latest('pool-3'))?.seq).toBe(24);
  });

  it('numbers leads and takes their turns 1..n once each, both in one command, on two processes at once', async () => {
    const results = await c.race(24, (p, i) => numberAndTurn(p, 'team-n', `lead-n${i}`, 'ae:team-n'));
    expect(losses(results)).toEqual([]);
    const all = Array.from({ length: 24 }, (_, i) => i + 1);
    expect(
      wins(results)
        .map((r) => r.number)
        .sort((a, b) => a - b),
    ).toEqual(all);
    expect(
      wins(results)
        .map((r) => r.turn)
        .sort((a, b) => a - b),
    ).toEqual(all);
    for (let i = 0; i < 24; i++) {
      const t = await c.procs[(i + 1) % 2]!.stores.rotation.byKey(`route:lead-n${i}:0`);
      expect(t?.seq).toBe(wins(results)[i]!.turn);
    }
    // Twins of one lead (a retried request on both processes): one number, one turn.
    const twins = await c.race(8, (p) => numberAndTurn(p, 'team-n', 'lead-twin', 'ae:team-n'));
    expect(losses(twins)).toEqual([]);
    expect(new Set(wins(twins).map((r) => r.number))).toEqual(new Set([25]));
    expect(new Set(wins(twins).map((r) => r.turn))).toEqual(new Set([25]));
    expect((await c.procs[0].stores.rotation.latest('ae:team-n'))?.seq).toBe(25);
    expect(await c.procs[1].stores.leads.takeNumber('team-n', 'lead-after')).toBe(26);
  });

  it('inserts nothing when the first slot of a pair is taken, and keeps the first when the second is', async () => {
    const seqs = c.procs[0].sequences;
    const slot = (pool: string, seq: number, key: string) => ({ _id: `${pool}:${seq}`, pool, seq, key });
    expect(await seqs.insert(slot('pool-5', 1, 'other-number'))).toBe('inserted');
    expect(await seqs.insert(slot('pool-6', 1, 'other-turn'))).toBe('inserted');
    // The first is someone else's: the second is not tried.
    expect(await seqs.insertPair(slot('pool-5', 1, 'n1'), slot('pool-6', 2, 't1'))).toEqual({
      first: 'seq_taken',
      second: null,
    });
    const col = c.procs[1].conn.collection('sequences');
    expect(await col.findOne({ _id: 'pool-6:2' } as never)).toBeNull();
    // The second is someone else's: the first stays in.
    expect(await seqs.insertPair(slot('pool-5', 2, 'n1'), slot('pool-6', 1, 't1'))).toEqual({
      first: 'inserted',
      second: 'seq_taken',
    });
    expect(await col.findOne({ _id: 'pool-5:2' } as never)).toMatchObject({ key: 'n1' });
    // A re-run: the first is its own already (the second not tried), or the second's key took a slot.
    expect(await seqs.insertPair(slot('pool-5', 2, 'n1'), slot('pool-6', 2, 't1'))).toEqual({
      first: { existing: expect.objectContaining({ seq: 2 }) },
      second: null,
    });
    expect(await seqs.insert(slot('pool-6', 2, 't1'))).toBe('inserted');
    expect(await c.procs[1].sequences.insertPair(slot('pool-5', 3, 'n2'), slot('pool-6', 3, 't1'))).toEqual({
      first: 'inserted',
      second: { existing: expect.objectContaining({ seq: 2, key: 't1' }) },
    });
  });

  it('finds the end of a sequence whose head hint fell behind (a writer died before moving it)', async () => {
    const seqs = c.procs[0].sequences;
    for (let s = 1; s <= 5; s++)
      expect(await seqs.insert({ _id: `pool-4:${s}`, pool: 'pool-4', seq: s, key: `k${s}` })).toBe(
        'inserted',
      );
    // Turn 6 is stored by a writer that died before it moved the head hint.
    await c.procs[1].conn
      .collection('sequences')
      .insertOne({ _id: 'pool-4:6', pool: 'pool-4', seq: 6, key: 'k6' } as never);
    expect((await c.procs[1].sequences.latest('pool-4'))?.seq).toBe(6);
    // A re-run of its key gets it back.
    expect(await c.procs[0].sequences.insert({ _id: 'pool-4:7', pool: 'pool-4', seq: 7, key: 'k6' })).toEqual(
      {
        existing: expect.objectContaining({ seq: 6 }),
      },
    );
    expect(await c.procs[1].sequences.byKey('k6')).toMatchObject({ seq: 6 });
  });

  it("keeps a team's heads in one document, and still finds a pool whose head is a document of its own", async () => {
    const slots = c.procs[0].conn.collection('sequences');
    // A pool numbered before heads were grouped: 12 slots, its head (8) in a document of its own.
    for (let s = 1; s <= 12; s++)
      await slots.insertOne({
        _id: `leadno:team-g:${s}`,
        pool: 'leadno:team-g',
        seq: s,
        key: `g${s}`,
      } as never);
    await c.procs[0].conn.collection('sequence_heads').insertOne({ _id: 'leadno:team-g', seq: 8 } as never);
    const fresh = () => sequenceLedger(createModels(c.procs[1].conn));
    expect((await fresh().latest('leadno:team-g'))?.seq).toBe(12);
    const ledger = fresh();
    expect(await ledger.latest('leadno:team-g')).toMatchObject({ seq: 12 });
    for (let s = 13; s <= 21; s++)
      expect(
        await ledger.insert({ _id: `leadno:team-g:${s}`, pool: 'leadno:team-g', seq: s, key: `g${s}` }),
      ).toBe('inserted');
    expect(await ledger.insert({ _id: 'ae:team-g:1', pool: 'ae:team-g', seq: 1, key: 'a1' })).toBe(
      'inserted',
    );
    const group = await c.procs[0].conn.collection('sequence_heads').findOne({ _id: '*:team-g' } as never);
    expect(group?.leadno).toBeGreaterThanOrEqual(13);
    const other = fresh();
    expect((await other.latest('leadno:team-g'))?.seq).toBe(21);
    expect((await other.latest('ae:team-g'))?.seq).toBe(1);
  });
});
