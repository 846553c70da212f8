import type { Document } from 'mongodb';
import { insertedOnce } from './insert-once.js';
import { leadKeys } from './mongo-lead-store.js';
import type { Models } from './models.js';

/** The ledger record saying every account is listed under its company domain. */
const DONE = 'migration:account-domain-keys';

/**
 * Accounts are found by their company domain through the domain's key list (lead-keys.ts), where
 * an account is listed when it opens. Accounts opened by an earlier version are not listed: the
 * first start of this one lists every active account that has a domain, once (a query on the
 * accounts, then a few `_id` reads and an insert each), before the stores are handed out; later
 * starts read one ledger record. A start that dies midway runs it again (a re-listed account
 * finds itself at its list's end, or takes a second entry: harmless). Every process of a
 * deployment is upgraded together: an account an older process opens after this ran is not listed.
 */
export async function listAccountsUnderDomains(m: Models): Promise<number> {
  const ledger = m.Ledger.collection;
  if (await ledger.findOne({ _id: DONE } as Document)) return 0;
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
  await insertedOnce(ledger, { _id: DONE, kind: 'migration', at: new Date() } as Document);
  return n;
}
