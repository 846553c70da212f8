import type { Document } from 'mongodb';
import { insertedOnce, lostToDuplicates } from './insert-once.js';
import { KEYS_PREFIX } from './lead-keys.js';
import { leadKeys } from './mongo-lead-store.js';
import type { Models } from './models.js';

/** The ledger records saying each step below is done. */
const MOVED = 'migration:lead-keys-in-events';
const LISTED = 'migration:account-domain-keys';
const BATCH = 500;

/**
 * What the key lists (lead-keys.ts) of a database written by an earlier version need, done once
 * on the first start of this one, before the stores are handed out; later starts read two ledger
 * records. A start that dies midway does it again (a copied entry is there already; a re-listed
 * account finds itself at its list's end, or takes a second entry: harmless). Every process of a
 * deployment is upgraded together: what an older process writes after this ran is not seen.
 */
export async function upgradeKeyLists(m: Models): Promise<{ moved: number; listed: number }> {
  return { moved: await moveKeyLists(m), listed: await listAccountsUnderDomains(m) };
}

/**
 * The lists moved from `lead_keys` to the events collection (under `keys|`), where a new lead's
 * entries go in with its creation's events: every entry is copied, under the same number.
 */
export async function moveKeyLists(m: Models): Promise<number> {
  const ledger = m.Ledger.collection;
  if (await ledger.findOne({ _id: MOVED } as Document)) return 0;
  let n = 0;
  let batch: Document[] = [];
  const flush = async () => {
    if (!batch.length) return;
    try {
      await m.Event.collection.insertMany(batch, { ordered: false });
    } catch (err) {
      if (!lostToDuplicates(err, batch.length)) throw err;
    }
    n += batch.length;
    batch = [];
  };
  for await (const d of m.LeadKey.collection.find({})) {
    batch.push({ ...d, _id: `${KEYS_PREFIX}${String(d._id)}` });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  await insertedOnce(ledger, { _id: MOVED, kind: 'migration', at: new Date() } as Document);
  return n;
}

/**
 * Accounts are found by their company domain through the domain's key list, where an account is
 * listed when it opens. Accounts opened by an earlier version are not: every active account that
 * has a domain is listed (a query on the accounts, then a few `_id` reads and an insert each).
 */
export async function listAccountsUnderDomains(m: Models): Promise<number> {
  const ledger = m.Ledger.collection;
  if (await ledger.findOne({ _id: LISTED } as Document)) return 0;
  const keys = leadKeys(m);
  let n = 0;
  const cursor = m.Account.collection.find(
    { status: 'active', domain: { $exists: true } },
    { projection: { teamId: 1, domain: 1 } },
  );
  for await (const a of cursor) {
    if (typeof a.domain !== 'string' || !a.domain) continue;
    await keys.addAccount({ id: String(a._id), teamId: String(a.teamId), domain: a.domain });
    n++;
  }
  await insertedOnce(ledger, { _id: LISTED, kind: 'migration', at: new Date() } as Document);
  return n;
}
