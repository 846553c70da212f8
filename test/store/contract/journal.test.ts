// The inbound journal raced from two processes: a request runs once however many processes it
// reaches; an unfinished one is taken over by exactly one process once its runner is gone.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Journal } from '../../../src/chat/journal-port.js';
import { losses, openContract, wins, type Contract, type Ports } from './harness.js';

/** A runner on another host: never presumed dead, its lease has to run out. */
const FAR = (n: number) => `far-host.example:${100 + n}:abc${n}00`;
const LEASE = 60_000;

describe('inbound journal', () => {
  let c: Contract;
  let wall = Date.parse('2026-12-01T09:00:00Z');
  beforeAll(async () => {
    c = await openContract();
  });
  afterAll(() => c.close());

  /** Process p's journal as owner `owner` (each racer is a process of its own). */
  const journal = (p: Ports, owner: string, maxRuns = 3): Journal =>
    p.journal({ owner, wallNow: () => wall, now: () => c.clock.now(), leaseMs: LEASE, maxRuns });

  it('runs a request once however many processes it reaches at once', async () => {
    const results = await c.race(20, (p, i) => journal(p, FAR(i)).begin('slack:cmd:T1:trig-1', { n: i }));
    expect(losses(results)).toEqual([]);
    expect(wins(results).filter(Boolean)).toHaveLength(1);
    // Finished or not, a repeat is a duplicate while the runner holds its lease.
    expect(await journal(c.procs[1], FAR(99)).begin('slack:cmd:T1:trig-1', {})).toBe(false);
  });

  it('lets exactly one process take over a request once its runner’s lease ran out, and counts runs', async () => {
    expect(await journal(c.procs[0], FAR(0)).begin('telegram:upd:7:1', { text: '/lead' }, { chatId: 7 })).toBe(
      true,
    );
    const early = await c.race(6, (p, i) => journal(p, FAR(10 + i)).takeOver('telegram:upd:7:1'));
    expect(wins(early).filter(Boolean)).toEqual([]);
    for (let run = 1; run <= 2; run++) {
      wall += LEASE + 1000;
      const results = await c.race(12, (p, i) => journal(p, FAR(20 * run + i)).takeOver('telegram:upd:7:1'));
      expect(losses(results)).toEqual([]);
      const taken = wins(results).filter((e) => e !== null);
      expect(taken).toHaveLength(1);
      expect(taken[0]).toMatchObject({ _id: 'telegram:upd:7:1', attempts: run, replyTo: { chatId: 7 } });
    }
    // maxRuns = 3 take-overs: the third is the last; after it the request is left alone.
    wall += LEASE + 1000;
    const last = await c.race(6, (p, i) => journal(p, FAR(90 + i)).takeOver('telegram:upd:7:1'));
    expect(wins(last).filter((e) => e !== null)).toHaveLength(1);
    wall += LEASE + 1000;
    expect(await journal(c.procs[1], FAR(98)).takeOver('telegram:upd:7:1')).toBeNull();
  });

  it('hands back a request its own process released (the database went away) without waiting', async () => {
    const mine = journal(c.procs[0], FAR(50));
    expect(await mine.begin('slack:act:T1:a-1', {})).toBe(true);
    expect(await journal(c.procs[1], FAR(51)).takeOver('slack:act:T1:a-1')).toBeNull();
    mine.release('slack:act:T1:a-1');
    // Another process still waits for the lease; the releasing one may run it again at once.
    expect(await journal(c.procs[1], FAR(51)).takeOver('slack:act:T1:a-1')).toBeNull();
    expect(await mine.takeOver('slack:act:T1:a-1')).toMatchObject({ attempts: 1 });
  });

  it('lists unfinished requests oldest first, forgets finished ones, and purges them', async () => {
    const j0 = journal(c.procs[0], FAR(60));
    const j1 = journal(c.procs[1], FAR(61));
    for (const key of ['old', 'mid', 'new']) {
      expect(await j0.begin(`u:${key}`, {})).toBe(true);
      c.clock.advance(60_000);
    }
    await j1.complete('u:mid');
    const unfinished = (await j1.unfinished()).map((e) => e._id).filter((id) => id.startsWith('u:'));
    expect(unfinished).toEqual(['u:old', 'u:new']);
    const before = new Date(c.clock.now().getTime() - 90_000);
    expect((await j0.unfinished(before)).map((e) => e._id).filter((id) => id.startsWith('u:'))).toEqual([
      'u:old',
    ]);
    expect(await j0.get('u:mid')).toMatchObject({ doneAt: expect.any(Date) });
    expect(await j1.purge(c.clock.now())).toBeGreaterThanOrEqual(1);
    expect(await j0.get('u:mid')).toBeNull();
    expect(await j0.get('u:old')).not.toBeNull();
  });

  it('keys entries anew once however many processes do it at once: a re-delivery under the new key is a duplicate', async () => {
    const old = journal(c.procs[0], FAR(70));
    expect(await old.begin('k-old:5:1', {})).toBe(true);
    await old.complete('k-old:5:1');
    expect(await old.begin('k-old:5:2', {})).toBe(true); // unfinished: recovery's, under its own key
    expect(await old.begin('k-old:55:3', {})).toBe(true); // another prefix: left alone
    const rename = (key: string) => `k-new:5:${key.slice('k-old:5:'.length)}`;
    const results = await c.race(8, (p, i) => journal(p, FAR(71 + i)).alias('k-old:5:', rename));
    expect(losses(results)).toEqual([]);
    expect(wins(results).reduce((a, b) => a + b, 0)).toBe(2);
    for (const n of [1, 2]) {
      expect(await old.get(`k-new:5:${n}`)).toMatchObject({ request: { aliasOf: `k-old:5:${n}` }, doneAt: expect.any(Date) });
      expect(await journal(c.procs[1], FAR(80)).begin(`k-new:5:${n}`, {})).toBe(false);
    }
    expect(await old.get('k-new:5:3')).toBeNull();
    expect((await old.unfinished()).map((e) => e._id)).toContain('k-old:5:2');
    expect(await journal(c.procs[1], FAR(81)).alias('k-old:5:', rename)).toBe(0);
  });
});
