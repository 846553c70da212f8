// The inbound journal's take-overs and the recovery pass, on the real database.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import type { Connection } from 'mongoose';
import { createMongoJournal } from '../../src/store/mongo-journal.js';
import { createJournalRecovery, type Replayer } from '../../src/chat/recovery.js';
import { createLogger } from '../../src/logger.js';
import { dropAndClose, openTestConnection } from '../support/db.js';

/** An owner id on this host whose process has exited. */
const DEAD = `${hostname()}:${spawnSync(process.execPath, ['-e', '']).pid}:dead00`;
const FAR = 'elsewhere.example:1:far000';

describe('journal recovery', () => {
  let conn: Connection;
  let wall = Date.now();
  const log = createLogger({ level: 'silent' });
  beforeAll(async () => {
    conn = await openTestConnection();
  });
  afterAll(() => dropAndClose(conn));

  const journal = () => createMongoJournal(conn, { wallNow: () => wall, leaseMs: 60_000, maxRuns: 3 });
  /** An entry as another process left it: recorded, never finished. */
  const leftBy = async (key: string, owner: string, startedAt = new Date(wall)) =>
    conn.collection('inbound_journal').insertOne({
      _id: key,
      request: { platform: 'test', n: key },
      at: new Date(wall),
      owner,
      startedAt,
      attempts: 0,
    } as never);

  it('runs a request once: a repeat is a duplicate while it runs and after it finished', async () => {
    const j = journal();
    expect(await j.begin('k1', { platform: 'test' })).toBe(true);
    expect(await j.begin('k1', { platform: 'test' })).toBe(false);
    await j.complete('k1');
    expect(await j.begin('k1', { platform: 'test' })).toBe(false);
  });

  it('lets exactly one re-delivery take over a request whose process died', async () => {
    await leftBy('k2', DEAD);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => journal().begin('k2', { platform: 'test' })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('waits out the lease of a runner on another host, then takes over', async () => {
    await leftBy('k3', FAR);
    expect(await journal().takeOver('k3')).toBeNull();
    wall += 61_000;
    expect(await journal().takeOver('k3')).toMatchObject({ _id: 'k3', attempts: 1 });
    expect(await journal().takeOver('k3')).toBeNull(); // the new run holds a fresh lease
  });

  it('replays unfinished requests through their adapter once, retries failures, gives up after maxRuns', async () => {
    await leftBy('ok', DEAD);
    await leftBy('flaky', DEAD);
    await leftBy('other-platform', DEAD);
    await conn
      .collection('inbound_journal')
      .updateOne({ _id: 'other-platform' } as never, { $set: { 'request.platform': 'nowhere' } });
    const replayed: string[] = [];
    let failFlaky = true;
    const replayer: Replayer = {
      platform: 'test',
      replay(entry) {
        replayed.push(entry._id);
        if (entry._id === 'flaky' && failFlaky) return Promise.reject(new Error('database still down'));
        return Promise.resolve();
      },
    };
    const j = journal();
    const recovery = createJournalRecovery({
      journal: j,
      log,
      replayers: () => [replayer],
      wallNow: () => wall,
    });
    await recovery.runOnce();
    expect(replayed.filter((k) => k === 'ok')).toHaveLength(1);
    expect((await j.get('ok'))?.doneAt).toBeDefined();
    expect((await j.get('flaky'))?.doneAt).toBeUndefined();
    expect((await j.get('other-platform'))?.attempts).toBe(0); // nobody here can replay it
    // This process released the failed run: the next pass retries it (no lease to wait out)…
    await recovery.runOnce();
    expect(replayed.filter((k) => k === 'flaky')).toHaveLength(2);
    failFlaky = false;
    await recovery.runOnce();
    expect((await j.get('flaky'))?.doneAt).toBeDefined();
    // …and one that keeps failing is left alone after maxRuns (3 here).
    await leftBy('hopeless', DEAD);
    const hopeless: Replayer = { platform: 'test', replay: () => Promise.reject(new Error('never works')) };
    const r2 = createJournalRecovery({ journal: j, log, replayers: () => [hopeless], wallNow: () => wall });
    for (let pass = 0; pass < 5; pass++) await r2.runOnce();
    expect((await j.get('hopeless'))?.attempts).toBe(3);
    expect(replayed.filter((k) => k === 'ok')).toHaveLength(1);
  });
});
