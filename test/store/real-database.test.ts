import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Schema, type Connection } from 'mongoose';
import { dropAndClose, openTestConnection } from '../support/db.js';

/**
 * What "real database" means for all of Baton: these hold on the embedded FerretDB and on MongoDB,
 * and the last test records what FerretDB does NOT guarantee so nobody builds on it.
 */
describe('the embedded database', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await openTestConnection();
  });
  afterAll(async () => {
    await dropAndClose(conn);
  });

  it('lets exactly one of 50 concurrent inserts of one unique key win', async () => {
    const Claim = conn.model('RaceClaim', new Schema({ key: { type: String, unique: true }, by: Number }));
    await Claim.init();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => Claim.create({ key: 'k', by: i })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const dup = results.filter(
      (r) => r.status === 'rejected' && (r.reason as { code?: number }).code === 11000,
    );
    expect(ok).toHaveLength(1);
    expect(dup).toHaveLength(49);
    expect(await Claim.countDocuments({ key: 'k' })).toBe(1);
  });

  it('decides _id races the same way (the insert-once ledger pattern)', async () => {
    const Ledger = conn.model('RaceLedger', new Schema({ _id: String, by: Number }));
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => Ledger.create({ _id: 'lead:1', by: i })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await Ledger.countDocuments()).toBe(1);
  });

  it('does NOT make racing conditional updates atomic: never build "exactly once" on findOneAndUpdate', async () => {
    const Lead = conn.model('RaceLead', new Schema({ _id: String, owner: { type: String, default: null } }));
    let sawDoubleWin = false;
    // Repeat a few rounds: on FerretDB several "winners" usually show up in the first round.
    for (let round = 0; round < 10 && !sawDoubleWin; round++) {
      const id = `lead-${round}`;
      await Lead.create({ _id: id });
      const winners = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          Lead.findOneAndUpdate(
            { _id: id, owner: null },
            { $set: { owner: `ae${i}` } },
            { returnDocument: 'after' },
          ).lean(),
        ),
      );
      if (winners.filter(Boolean).length > 1) sawDoubleWin = true;
    }
    // On MongoDB this stays false (its conditional updates are atomic); on FerretDB v1 it is true.
    // Either way the product relies only on insert-once ledgers.
    const onFerret = !process.env.MONGODB_URI;
    if (onFerret) expect(sawDoubleWin).toBe(true);
    else expect(sawDoubleWin).toBe(false);
  });
});
