// What Baton takes from the database engine, checked on the engine of this run: unique keys
// decide races (from several processes at once), `_id` lookups are indexed, a second process sees
// what the first wrote. And what it must NOT take: the facts that differ between engines are
// pinned here, so nobody builds on them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Document } from 'mongodb';
import { COLLECTIONS, ensureCollections } from '../../../src/store/collections.js';
import { createModels, ensureIndexes } from '../../../src/store/models.js';
import { lostToDuplicates } from '../../../src/store/insert-once.js';
import { isDuplicateKey } from '../../../src/store/mongo-errors.js';
import { uniqueDbName } from '../../support/db.js';
import type { EngineProcess } from '../../support/engine.js';
import { losses, openContract, wins, type Contract } from './harness.js';

describe('the database engine', () => {
  let c: Contract;
  beforeAll(async () => {
    c = await openContract({
      prepare: async (db) => {
        await db.collection('race_unique').createIndex({ key: 1 }, { unique: true });
        await db.collection('race_missing').createIndex({ key: 1 }, { unique: true });
        for (const name of ['race_cond', 'id_lookup']) await db.createCollection(name);
      },
    });
  });
  afterAll(() => c.close());
  const col = (p: number, name: string) => c.procs[p]!.conn.collection<Document>(name);

  it('lets exactly one of 50 concurrent inserts of one _id win, from two processes', async () => {
    const results = await c.race(50, (p, i) =>
      col(p.index, 'ledger').insertOne({ _id: 'race:1' as never, by: i }),
    );
    expect(wins(results)).toHaveLength(1);
    expect(losses(results).every(isDuplicateKey)).toBe(true);
    expect(await col(1, 'ledger').countDocuments({ _id: 'race:1' as never })).toBe(1);
  });

  it('decides a unique secondary index the same way', async () => {
    const results = await c.race(40, (p, i) => col(p.index, 'race_unique').insertOne({ key: 'k', by: i }));
    expect(wins(results)).toHaveLength(1);
    expect(losses(results).every(isDuplicateKey)).toBe(true);
  });

  it('inserts the rest of an unordered batch and reports each duplicate as 11000', async () => {
    await col(0, 'ledger').insertOne({ _id: 'batch:2' as never });
    const batch = ['batch:1', 'batch:2', 'batch:3', 'batch:3', 'batch:4'].map((id) => ({ _id: id as never }));
    const err = await col(1, 'ledger')
      .insertMany(batch, { ordered: false })
      .then(
        () => null,
        (e: unknown) => e as { writeErrors?: unknown[] },
      );
    expect(err?.writeErrors).toHaveLength(2);
    expect(err!.writeErrors!.every(isDuplicateKey)).toBe(true);
    // Each says which document of the batch it was (the KPI facts and the outbox rely on it).
    expect(err!.writeErrors!.map((e) => (e as { index?: unknown }).index).sort()).toEqual([1, 3]);
    expect(
      await col(0, 'ledger').countDocuments({
        _id: { $in: ['batch:1', 'batch:2', 'batch:3', 'batch:4'] } as never,
      }),
    ).toBe(4);
  });

  it('stops an ordered batch at its first duplicate, and says which one it was', async () => {
    // An event and its KPI facts' changes go in as one ordered insert: none after a lost event.
    await col(0, 'ledger').insertOne({ _id: 'ordered:2' as never });
    const batch = ['ordered:1', 'ordered:2', 'ordered:3'].map((id) => ({ _id: id as never }));
    const err = await col(1, 'ledger')
      .insertMany(batch, { ordered: true })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isDuplicateKey(err)).toBe(true);
    expect(lostToDuplicates(err, batch.length)).toEqual(new Set([1]));
    const stored = await col(0, 'ledger')
      .find({ _id: { $in: ['ordered:1', 'ordered:2', 'ordered:3'] } as never })
      .toArray();
    expect(stored.map((d) => d._id).sort()).toEqual(['ordered:1', 'ordered:2']);
  });

  it('reports a duplicate in an unordered batch of replaces as 11000, but not reliably which one ran', async () => {
    await col(0, 'race_unique').insertOne({ _id: 'bw:taken' as never, key: 'bw-k' });
    const replace = (id: string, key: string) => ({
      replaceOne: { filter: { _id: id as never }, replacement: { key }, upsert: true },
    });
    const err = await col(1, 'race_unique')
      .bulkWrite([replace('bw:1', 'bw-1'), replace('bw:2', 'bw-k'), replace('bw:3', 'bw-3')], {
        ordered: false,
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    // The KPI facts caches take any such failure as "write each again" (kpi-fact-chain.ts):
    // FerretDB ignores `ordered` on updates, stops at the failing one and reports it at index 0.
    expect(lostToDuplicates(err, 3)).not.toBeNull();
    expect(await col(0, 'race_unique').countDocuments({ _id: 'bw:1' as never })).toBe(1);
  });

  it("counts a bulk write's update of an existing _id with $setOnInsert and no upsert as matched, and changes nothing", async () => {
    // An aggregate commit looks up its next event this way in the KPI caches' command (kpi-fact-chain.ts).
    const probe = { $setOnInsert: { probe: true } };
    await col(0, 'ledger').insertOne({ _id: 'probe:there' as never, n: 1 });
    const bulk = (id: string) =>
      col(1, 'ledger').bulkWrite(
        [
          { replaceOne: { filter: { _id: 'probe:cache' as never }, replacement: { n: 2 }, upsert: true } },
          { replaceOne: { filter: { _id: 'probe:there' as never }, replacement: { n: 1 }, upsert: true } },
          { updateOne: { filter: { _id: id as never }, update: probe } },
        ],
        { ordered: false },
      );
    const found = await bulk('probe:there');
    expect(found.matchedCount + found.upsertedCount).toBe(3);
    const missing = await bulk('probe:missing');
    expect(missing.matchedCount + missing.upsertedCount).toBe(2);
    expect(await col(0, 'ledger').findOne({ _id: 'probe:there' as never })).toEqual({ _id: 'probe:there', n: 1 });
    expect(await col(0, 'ledger').findOne({ _id: 'probe:missing' as never })).toBeNull();
  });

  it('makes racing conditional updates atomic on MongoDB only: never decide a race with one', async () => {
    let doubleWin = false;
    // A few rounds: on FerretDB several "winners" usually show up in the first.
    for (let round = 0; round < 10 && !doubleWin; round++) {
      const id = `cond:${round}` as never;
      await col(0, 'race_cond').insertOne({ _id: id, owner: null });
      const results = await c.race(20, (p, i) =>
        col(p.index, 'race_cond').findOneAndUpdate({ _id: id, owner: null }, { $set: { owner: i } }),
      );
      doubleWin = wins(results).filter(Boolean).length > 1;
    }
    expect(doubleWin).toBe(!c.engine.atomicConditionalUpdates);
  });

  it('lets documents lacking a uniquely indexed field collide on MongoDB only', async () => {
    await col(0, 'race_missing').insertOne({ n: 1 });
    const second = await col(1, 'race_missing')
      .insertOne({ n: 2 })
      .then(
        () => 'inserted',
        (e: unknown) => e,
      );
    expect(second === 'inserted').toBe(!c.engine.missingFieldsCollide);
  });

  it('answers an _id lookup from an index, not by scanning the collection', async () => {
    const lookups = col(0, 'id_lookup');
    for (let i = 0; i < 5000; i += 1000)
      await lookups.insertMany(
        Array.from({ length: 1000 }, (_, j) => ({ _id: `doc:${i + j}` as never, pad: 'x'.repeat(64) })),
      );
    // The embedded launcher adds the index FerretDB's own does not give (within a second). On
    // SQLite a connection notices a new index only when it next reads (EXPLAIN does not), so
    // each explain follows a lookup, as it would in use.
    let plan = '';
    for (let tries = 0; tries < 50; tries++) {
      await lookups.findOne({ _id: 'doc:4321' as never });
      plan = JSON.stringify((await lookups.find({ _id: 'doc:4321' as never }).explain()).queryPlanner);
      if (INDEXED.test(plan)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(plan).toMatch(INDEXED);
    expect(await col(1, 'id_lookup').findOne({ _id: 'doc:4321' as never })).toMatchObject({
      pad: 'x'.repeat(64),
    });
  });

  it('shows a second process every collection and document of the first, however their start-ups overlap', async () => {
    const dbName = uniqueDbName();
    const first = await c.engine.openProcess({ holdTurn: true });
    let second: EngineProcess | undefined;
    try {
      const a = await first.connect(dbName);
      // The second process starts at once and sets up like a bot does; on a shared PostgreSQL
      // database it waits for the first's turn instead of reading a list of collections that
      // is about to change.
      let waited = false;
      const starting = c.engine
        .openProcess({ log: (m) => void (waited ||= /waiting/.test(m)) })
        .then(async (p) => {
          second = p;
          const conn = await p.connect(dbName);
          await ensureCollections(conn.db!);
          return conn;
        });
      if (c.engine.name === 'ferretdb-postgres') {
        for (let i = 0; i < 100 && !waited; i++) await new Promise((r) => setTimeout(r, 100));
        expect(waited).toBe(true);
      }
      await ensureCollections(a.db!);
      await ensureIndexes(createModels(a));
      await a.collection<Document>('ledger').insertOne({ _id: 'from:first' as never });
      first.schemaReady();
      const b = await starting;
      const names = (await b.db!.listCollections({}, { nameOnly: true }).toArray()).map((x) => x.name);
      expect(names).toEqual(expect.arrayContaining([...COLLECTIONS]));
      expect(await b.collection('ledger').findOne({ _id: 'from:first' as never })).not.toBeNull();
      await b.collection<Document>('ledger').insertOne({ _id: 'from:second' as never });
      expect(await a.collection('ledger').findOne({ _id: 'from:second' as never })).not.toBeNull();
      const results = await Promise.allSettled(
        [a, b, a, b].map((conn, i) =>
          conn.collection<Document>('ledger').insertOne({ _id: 'both' as never, by: i }),
        ),
      );
      expect(wins(results)).toHaveLength(1);
      await a.dropDatabase();
    } finally {
      await second?.close();
      await first.close();
    }
  });
});

/** An index in the plan: MongoDB's IDHACK/IXSCAN, SQLite's "USING INDEX", PostgreSQL's index scans. */
const INDEXED = /IDHACK|EXPRESS_IXSCAN|IXSCAN|USING (COVERING )?INDEX|Index Scan/;
