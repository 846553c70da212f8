// The outbox's collections raced from two processes: entries recorded once, each send attempt
// leased by exactly one process, cards recorded once (in their lead's card document, read by
// `_id`), settled entries purged with their leases while cards stay, older cards moved at start.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { leaseId, leaseInEntry, type OutboxEntry } from '../../../src/chat/outbox/outbox-port.js';
import type { Notice } from '../../../src/core/notices.js';
import { losses, openContract, wins, type Contract } from './harness.js';

const created = new Date('2026-12-01T09:00:00Z');

function entry(id: string, priority = 1, minutes = 0): OutboxEntry {
  return {
    _id: id,
    notice: { key: id.split('|')[0]!, to: { personId: 'p1' }, body: { kind: 'test' } } as unknown as Notice,
    target: { kind: 'dm', address: 'console:p1' },
    targetKey: 'dm:console:p1',
    platform: 'console',
    reader: { personId: 'p1' },
    priority,
    status: 'pending',
    attempt: 0,
    createdAt: new Date(created.getTime() + minutes * 60_000),
  };
}

const lease = (entryId: string, attempt: number, owner: string) => ({
  _id: leaseId(entryId, attempt),
  entryId,
  attempt,
  owner,
  at: created,
});

describe('outbox store', () => {
  let c: Contract;
  beforeAll(async () => {
    c = await openContract();
  });
  afterAll(() => c.close());

  it('records each entry once when processes record overlapping batches at once', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `card:${i}|dm:console:p1`);
    const results = await c.race(6, (p, i) =>
      p.outbox.insertMany([ids[i]!, ids[i + 1]!, ids[i + 2]!].map((id) => entry(id))),
    );
    expect(losses(results)).toEqual([]);
    // Each id was inserted by exactly one of the racers (the one that then takes its first lease).
    const inserted = wins(results).flatMap((recorded) => [...recorded]);
    expect(inserted.sort()).toEqual([...ids].sort());
    wins(results).forEach((recorded, i) =>
      [...recorded].forEach((id) => expect([ids[i], ids[i + 1], ids[i + 2]]).toContain(id)),
    );
    expect(await c.procs[1].outbox.entries.countDocuments({ _id: { $in: ids } })).toBe(8);
  });

  it('leases each send attempt to exactly one process, and finds the latest attempt by probing', async () => {
    const id = 'card:0|dm:console:p1';
    const first = await c.race(20, (p, i) => p.outbox.insertLease(lease(id, 1, `p${p.index}:${i}`)));
    expect(losses(first)).toEqual([]);
    expect(wins(first).filter(Boolean)).toHaveLength(1);
    const holder = `p${wins(first).indexOf(true) % 2}:${wins(first).indexOf(true)}`;
    expect(await c.procs[1].outbox.latestLease(id, 0)).toMatchObject({ attempt: 1, owner: holder });
    // The holder died; the next attempt is raced for the same way.
    const second = await c.race(20, (p, i) => p.outbox.insertLease(lease(id, 2, `q${p.index}:${i}`)));
    expect(wins(second).filter(Boolean)).toHaveLength(1);
    for (const p of c.procs) {
      expect(await p.outbox.latestLease(id, 0)).toMatchObject({ attempt: 2 });
      expect(await p.outbox.latestLease(id, 1)).toMatchObject({ attempt: 2 });
    }
    // Only the holder renews its lease (a plain write by `_id`).
    const renewed = new Date(created.getTime() + 30_000);
    await c.procs[0].outbox.renewLease((await c.procs[0].outbox.lease(id, 2))!, renewed);
    expect((await c.procs[1].outbox.lease(id, 2))?.at).toEqual(renewed);
  });

  it('keeps the first lease of an entry recorded with it; the next attempt is raced for in the leases', async () => {
    const id = 'leased:1|dm:console:p1';
    const recorded = { ...entry(id), lease: { owner: 'recorder', at: created } };
    const inserted = await c.race(6, (p) => p.outbox.insertMany([recorded]));
    expect(wins(inserted).filter((ids) => ids.has(id))).toHaveLength(1);
    const stored = await c.procs[1].outbox.get(id);
    const first = leaseInEntry(stored!);
    expect(first).toMatchObject({ attempt: 1, owner: 'recorder', inEntry: true });
    expect(await c.procs[1].outbox.latestLease(id, 1, first)).toEqual(first);
    // The recorder renews it in the entry; nothing is written to the leases for attempt 1.
    const renewed = new Date(created.getTime() + 10_000);
    await c.procs[0].outbox.renewLease(first!, renewed);
    expect(leaseInEntry((await c.procs[1].outbox.get(id))!)?.at).toEqual(renewed);
    expect(await c.procs[1].outbox.lease(id, 1)).toBeNull();
    const second = await c.race(20, (p, i) => p.outbox.insertLease(lease(id, 2, `t${p.index}:${i}`)));
    expect(wins(second).filter(Boolean)).toHaveLength(1);
    expect(await c.procs[0].outbox.latestLease(id, 1, first)).toMatchObject({ attempt: 2 });
  });

  it('offers pending entries by priority, then age, and drops them once settled', async () => {
    await c.procs[0].outbox.insertMany([
      entry('low|x', 1, 1),
      entry('urgent|x', 9, 5),
      entry('urgent-older|x', 9, 2),
    ]);
    const order = (await c.procs[1].outbox.pending(100)).map((e) => e._id).filter((id) => id.endsWith('|x'));
    expect(order).toEqual(['urgent-older|x', 'urgent|x', 'low|x']);
    await c.procs[1].outbox.mark('urgent|x', { status: 'sent', sentAt: created });
    expect((await c.procs[0].outbox.pending(100)).map((e) => e._id)).not.toContain('urgent|x');
    expect(await c.procs[0].outbox.get('urgent|x')).toMatchObject({ status: 'sent' });
  });

  it('records a sent card once, whichever process reports it', async () => {
    const card = {
      _id: 'card:0|dm:console:p1',
      leadId: 'lead-1',
      notice: entry('card:0|dm:console:p1').notice,
      target: { kind: 'dm' as const, address: 'console:p1' },
      targetKey: 'dm:console:p1',
      reader: { personId: 'p1' },
      ref: { platform: 'console' as const, channel: 'console:p1', id: 'm1' },
      at: created,
    };
    const results = await c.race(6, (p) => p.outbox.addCard(card));
    expect(losses(results)).toEqual([]);
    for (const p of c.procs) expect((await p.outbox.cardsOf('lead-1')).map((x) => x._id)).toEqual([card._id]);
  });

  it('settles finished sends together: every card recorded once, the marks all land', async () => {
    const card = (id: string, shown: string) => ({
      _id: id,
      leadId: 'lead-2',
      notice: entry(id).notice,
      target: { kind: 'dm' as const, address: 'console:p1' },
      targetKey: 'dm:console:p1',
      reader: { personId: 'p1' },
      ref: { platform: 'console' as const, channel: 'console:p1', id: `m:${id}` },
      at: created,
      shown,
    });
    const ids = ['settle:a|x', 'settle:b|x', 'settle:c|x'];
    await c.procs[0].outbox.insertMany(ids.map((id) => entry(id)));
    await c.procs[0].outbox.addCard(card(ids[0]!, 'first'));
    // Both processes report overlapping cards at once: each card is recorded once, none fails.
    const results = await c.race(2, (p) =>
      p.outbox.settle({
        cards: ids.map((id) => card(id, `by ${p.index}`)),
        cardMarks: [],
        marks: ids.map((id) => ({ id, fields: { status: 'sent' as const, sentAt: created } })),
      }),
    );
    expect(losses(results)).toEqual([]);
    const cards = await c.procs[1].outbox.cardsOf('lead-2');
    expect(cards.map((x) => x._id).sort()).toEqual(ids);
    expect(cards.map((x) => x.ref.id).sort()).toEqual(ids.map((id) => `m:${id}`));
    for (const id of ids) expect(await c.procs[1].outbox.get(id)).toMatchObject({ status: 'sent' });
    await c.procs[1].outbox.settle({
      cards: [],
      cardMarks: [{ id: ids[1]!, leadId: 'lead-2', fields: { shown: 'edited', final: true } }],
      marks: [],
    });
    expect((await c.procs[0].outbox.cardsOf('lead-2')).find((x) => x._id === ids[1])).toMatchObject({
      shown: 'edited',
      final: true,
      ref: { id: `m:${ids[1]}` },
    });
    // The lead's cards are one document, read by its `_id`; the sweeps never see it.
    expect(await c.procs[0].outbox.cardsOf('lead-unknown')).toEqual([]);
    expect((await c.procs[0].outbox.pending(100)).map((e) => e._id)).not.toContain('cards|lead-2');
  });

  it('records a card and its sent mark in one command: the card is there whenever the entry is sent', async () => {
    const id = 'one-write|x';
    await c.procs[0].outbox.insertMany([entry(id)]);
    const ref = { platform: 'console' as const, channel: 'console:p1', id: 'm:one' };
    const card = {
      _id: id,
      leadId: 'lead-3',
      notice: entry(id).notice,
      target: entry(id).target,
      targetKey: 'x',
    };
    await c.procs[0].outbox.settle({
      cards: [{ ...card, target: { kind: 'dm', address: 'console:p1' }, reader: {}, ref, at: created }],
      cardMarks: [],
      marks: [{ id, fields: { status: 'sent', ref, sentAt: created } }],
    });
    expect(await c.procs[1].outbox.get(id)).toMatchObject({ status: 'sent', ref });
    expect((await c.procs[1].outbox.cardsOf('lead-3')).map((x) => x._id)).toEqual([id]);
  });

  it('purges settled entries with their leases, and keeps pending ones', async () => {
    const sent = 'card:1|dm:console:p1';
    await c.procs[0].outbox.insertLease(lease(sent, 1, 'p0'));
    await c.procs[0].outbox.mark(sent, { status: 'sent' });
    const purged = await c.procs[1].outbox.purge(new Date(created.getTime() + 3_600_000));
    expect(purged).toBeGreaterThanOrEqual(2); // card:1 and urgent|x
    expect(await c.procs[0].outbox.get(sent)).toBeNull();
    expect(await c.procs[0].outbox.lease(sent, 1)).toBeNull();
    expect(await c.procs[0].outbox.get('low|x')).toMatchObject({ status: 'pending' });
    // A lead's cards outlive its purged entries: they stay editable while the lead lives.
    await c.procs[1].outbox.purge(new Date(created.getTime() + 365 * 86_400_000));
    expect(await c.procs[0].outbox.get('settle:a|x')).toBeNull();
    expect((await c.procs[0].outbox.cardsOf('lead-2')).map((x) => x._id).sort()).toEqual([
      'settle:a|x',
      'settle:b|x',
      'settle:c|x',
    ]);
    expect((await c.procs[0].outbox.cardsOf('lead-1')).map((x) => x._id)).toEqual(['card:0|dm:console:p1']);
  });

  it("moves the cards an older version kept in outbox_cards into their leads' documents at start", async () => {
    const old = (id: string, leadId: string, extra = {}) => ({
      _id: id,
      leadId,
      notice: entry(id).notice,
      target: { kind: 'dm' as const, address: 'console:p1' },
      targetKey: 'dm:console:p1',
      reader: { personId: 'p1' },
      ref: { platform: 'console' as const, channel: 'console:p1', id: `old:${id}` },
      at: created,
      ...extra,
    });
    const store = c.procs[0].outbox;
    await store.oldCards.insertMany([
      old('old:a|x', 'lead-old'),
      old('old:b|x', 'lead-old', { shown: 'was', final: true }),
      old('old:c|x', 'lead-older'),
    ]);
    // Two processes start at once: the cards are moved once, as they were.
    const results = await c.race(2, (p) => p.outbox.init());
    expect(losses(results)).toEqual([]);
    const moved = await c.procs[1].outbox.cardsOf('lead-old');
    expect(moved.map((x) => x._id)).toEqual(['old:a|x', 'old:b|x']);
    expect(moved.find((x) => x._id === 'old:b|x')).toMatchObject({
      shown: 'was',
      final: true,
      ref: { id: 'old:old:b|x' },
    });
    expect((await c.procs[1].outbox.cardsOf('lead-older')).map((x) => x._id)).toEqual(['old:c|x']);
    expect(await store.oldCards.countDocuments({})).toBe(0);
    await store.init();
    expect(await c.procs[1].outbox.cardsOf('lead-old')).toHaveLength(2);
  });
});
