// The settle batch (group commit of what finished sends leave): one write at a time, so a lead's
// card document is never rewritten by two writes of one process at once (FerretDB rewrites it
// whole on any update); what finishes while a write is in flight goes in the next one.
import { describe, expect, it } from '@jest/globals';
import type { Settle } from '../../../src/chat/outbox/outbox-port.js';
import { SettleBatch } from '../../../src/chat/outbox/settle-batch.js';

const mark = (id: string): Settle => ({
  cards: [],
  cardMarks: [],
  marks: [{ id, fields: { status: 'sent' } }],
});

function slowStore() {
  const writes: string[][] = [];
  let inFlight = 0;
  let overlapped = false;
  const release: (() => void)[] = [];
  return {
    writes,
    release,
    overlapped: () => overlapped,
    settle(w: Settle): Promise<void> {
      writes.push(w.marks.map((m) => m.id));
      if (++inFlight > 1) overlapped = true;
      return new Promise<void>((r) =>
        release.push(() => {
          inFlight--;
          r();
        }),
      );
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('settle batch', () => {
  it('writes one batch at a time; what finishes meanwhile goes in the next write, together', async () => {
    const store = slowStore();
    let running = 1;
    const batch = new SettleBatch(store, () => running, 10_000);
    const first = batch.add(mark('a'));
    await tick();
    expect(store.writes).toEqual([['a']]);
    // Two more finish while the first write is in flight: they wait for it, then go as one.
    running = 2;
    const second = batch.add(mark('b'));
    const third = batch.add(mark('c'));
    await tick();
    expect(store.writes).toEqual([['a']]);
    store.release.shift()!();
    await first;
    await tick();
    expect(store.writes).toEqual([['a'], ['b', 'c']]);
    store.release.shift()!();
    await Promise.all([second, third]);
    expect(store.overlapped()).toBe(false);
  });

  it('fails the waiters of a failed write, and the next write still goes', async () => {
    let calls = 0;
    const batch = new SettleBatch(
      {
        settle: () => (++calls === 1 ? Promise.reject(new Error('database down')) : Promise.resolve()),
      },
      () => 1,
      10_000,
    );
    await expect(batch.add(mark('a'))).rejects.toThrow('database down');
    await expect(batch.add(mark('b'))).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
