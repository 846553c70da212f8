import type { Collection, Document } from 'mongodb';

/**
 * Deletes the settled records (any status but `pending`) created before `before`, and the attempt
 * leases that name them in `leaseRef`; pending records stay whatever their age. Shared by the
 * outbox and the webhook deliveries, whose records and leases have the same shape. Returns how
 * many records went.
 */
export async function purgeSettled(
  records: Collection<Document>,
  leases: Collection<Document>,
  leaseRef: string,
  before: Date,
): Promise<number> {
  const old = await records
    .find({ status: { $ne: 'pending' }, createdAt: { $lt: before } }, { projection: { _id: 1 } })
    .toArray();
  const ids = old.map((e) => e._id);
  if (!ids.length) return 0;
  await leases.deleteMany({ [leaseRef]: { $in: ids } });
  const r = await records.deleteMany({ _id: { $in: ids } });
  return r.deletedCount;
}
