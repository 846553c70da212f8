// The store edge: whatever the driver or FerretDB throws reaches the layers above as a coded
// error (DB_UNAVAILABLE, DB_BUSY, DUPLICATE_KEY), never as a driver class.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'mongoose';
import { isStoreFailure } from '../../src/core/errors.js';
import { openPersistence, type Persistence } from '../../src/store/persistence.js';
import { translateStoreError } from '../../src/store/store-errors.js';
import { dropAndClose, openTestConnection } from '../support/db.js';

describe('the store edge', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await openTestConnection();
  });
  afterAll(async () => {
    await dropAndClose(conn);
  });

  it('turns a real duplicate-key refusal into DUPLICATE_KEY, keeping the driver error as its cause', async () => {
    const col = conn.collection<{ _id: string }>('store_edge_dups');
    await col.insertOne({ _id: 'a' });
    const err = await col.insertOne({ _id: 'a' }).catch((e: unknown) => e);
    const coded = translateStoreError(err);
    expect(isStoreFailure(coded, 'DUPLICATE_KEY')).toBe(true);
    expect((coded as Error).cause).toBe(err);
  });

  it('turns SQLite’s momentary lock into DB_BUSY and leaves other errors alone', () => {
    const locked = Object.assign(new Error('(SQLITE_BUSY) database is locked'), { code: 1 });
    expect(translateStoreError(locked)).toMatchObject({ code: 'DB_BUSY' });
    expect((translateStoreError(locked) as Error).cause).toBe(locked);
    const other = new TypeError('not a database failure');
    expect(translateStoreError(other)).toBe(other);
  });

  describe('on a database that went away', () => {
    let gone: Connection;
    let ports: Persistence;
    beforeAll(async () => {
      gone = await openTestConnection();
      ports = await openPersistence(gone);
      await gone.dropDatabase();
      await gone.close();
    });

    const unavailable = (p: Promise<unknown>) =>
      p.then(
        () => 'answered',
        (e: unknown) =>
          isStoreFailure(e, 'DB_UNAVAILABLE')
            ? 'DB_UNAVAILABLE'
            : `${(e as Error).name}: ${(e as Error).message}`,
      );

    it('every kind of port says DB_UNAVAILABLE', async () => {
      const journal = ports.journal();
      const scan = async () => {
        for await (const lead of ports.stores.leads.scan('team_1')) return lead;
        return undefined;
      };
      expect(
        await Promise.all([
          unavailable(ports.stores.teams.get('team_1')),
          unavailable(ports.stores.people.byAddress('slack:T1:U1')),
          unavailable(ports.stores.ledger.insertOnce('test', 'x', {})),
          unavailable(scan()),
          unavailable(journal.begin('k1', { kind: 'test' })),
          unavailable(ports.outbox.get('e1')),
          unavailable(ports.telegram.dialogs.get('d1', new Date())),
          unavailable(ports.telegram.stash.get('t1')),
          unavailable(ports.lastEventAt()),
        ]),
      ).toEqual(Array(9).fill('DB_UNAVAILABLE'));
    });
  });
});
