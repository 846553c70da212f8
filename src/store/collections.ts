import type { Db } from 'mongodb';

/**
 * Every collection Baton uses, created at start (`ensureCollections`) rather than by a first
 * insert. On MongoDB and on FerretDB/SQLite that is only tidiness; on FerretDB/PostgreSQL it is
 * what lets several processes share one database: each FerretDB reads the list of collections
 * once and trusts it afterwards, so a collection that another process creates later is invisible
 * to it (read as empty; inserting fails). Start-ups take turns (see `Database.schemaReady`), and
 * every collection must exist before a process says it is done.
 *
 * `test/store/collections.test.ts` fails when the code opens a collection missing here.
 */
export const COLLECTIONS = [
  // mongoose models (models.ts)
  'teams',
  'people',
  'person_addresses',
  'roster_versions',
  'leads',
  'accounts',
  'events',
  'sequences',
  'sequence_heads',
  'open_leads',
  'lead_keys',
  'ledger',
  'kpi_facts',
  // the lead intake API's keys (mongo-api-key-store.ts)
  'api_keys',
  // outgoing webhooks (mongo-webhook-store.ts)
  'webhooks',
  'webhook_deliveries',
  'webhook_settled',
  'webhook_leases',
  // the outbox
  'outbox',
  'outbox_leases',
  'outbox_cards',
  // the inbound journal
  'inbound_journal',
  'inbound_journal_runs',
  // Telegram dialogs and long callback data
  'telegram_callbacks',
  'telegram_dialogs',
  'telegram_dialog_moves',
  // Agenda's jobs (timers, digests, sweeps)
  'agendaJobs',
] as const;

export type CollectionName = (typeof COLLECTIONS)[number];

/** Creates the collections of `COLLECTIONS` that do not exist yet (safe to run from every process). */
export async function ensureCollections(db: Db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of COLLECTIONS) {
    if (existing.has(name)) continue;
    try {
      await db.createCollection(name);
    } catch (err) {
      // 48 NamespaceExists: another process created it a moment ago.
      if ((err as { code?: unknown }).code !== 48) throw err;
    }
  }
}
