import type { Agenda, AgendaBackend } from 'agenda';
import type { Connection } from 'mongoose';
import type { Journal } from '../chat/journal-port.js';
import type { OutboxStore } from '../chat/outbox/outbox-port.js';
import type { DialogStore } from '../chat/telegram/dialogs/dialog-port.js';
import type { CallbackStash } from '../chat/telegram/callback-stash-port.js';
import type { Stores } from '../core/ports.js';
import { upgradeKeyLists } from './key-lists-upgrade.js';
import { createAgendaBackend } from './agenda-backend.js';
import { AgendaTimers, type JobTable } from './agenda-timers.js';
import { createModels, ensureIndexes } from './models.js';
import { createMongoCallbackStash } from './mongo-callback-stash.js';
import { createMongoDialogStore } from './mongo-dialog-store.js';
import { createMongoJournal, type JournalOptions } from './mongo-journal.js';
import { MongoOutboxStore } from './mongo-outbox-store.js';
import { MongoDeliveryStore } from './mongo-webhook-delivery-store.js';
import type { DeliveryStore } from '../webhooks/delivery-port.js';
import { createMongoStores } from './mongo-stores.js';
import { atStoreEdge, translateStoreError } from './store-errors.js';

/** A connected database (mongoose's connection): only the store looks inside it. */
export type DbConnection = Connection;

/**
 * Every port the store hands out, built on one connection. The composition root (app.ts) passes
 * these to the core, the jobs and the adapters; nothing above the store sees the connection.
 */
export type Persistence = {
  /** The core's stores (teams, people, leads, accounts, rotation, ledgers, KPI facts). */
  stores: Stores;
  /** The outbox's entries, leases and sent cards. */
  outbox: OutboxStore;
  /** The webhook outbox's deliveries and attempt leases. */
  webhookDeliveries: DeliveryStore;
  /** The inbound journal, with this process's clocks and lease settings. */
  journal(opts?: JournalOptions): Journal;
  /** The Telegram adapter's dialogs and stashed button actions. */
  telegram: { dialogs: DialogStore; stash: CallbackStash };
  /** Where Agenda keeps its jobs (one per scheduler). */
  agendaBackend(): AgendaBackend;
  /**
   * The jobs of `agenda` as documents: timers, insert-once scheduling, due scans and locks (the
   * jobs' JobStore port); `table` says which job carries each timer.
   */
  jobs<Name extends string>(agenda: Agenda, table: JobTable<Name>): AgendaTimers<Name>;
  /** When the last stored event happened, if any (the console starts business time there). */
  lastEventAt(): Promise<Date | undefined>;
};

/** Each store of `stores` behind the store edge. */
function edgeOfEach(stores: Stores): Stores {
  return Object.fromEntries(Object.entries(stores).map(([k, v]) => [k, atStoreEdge(v as object)])) as Stores;
}

/**
 * Builds the indexes and hands out the ports. Every
 * port is behind the store edge (store-errors.ts): its failures arrive as coded errors. Agenda's
 * backend is the exception — only Agenda calls it, and reports its failures on `agenda.on('error')`.
 */
export async function openPersistence(connection: Connection): Promise<Persistence> {
  const db = connection.db;
  if (!db) throw new Error('the store needs a connected database');
  const models = createModels(connection);
  try {
    await ensureIndexes(models);
    await upgradeKeyLists(models);
  } catch (err) {
    throw translateStoreError(err);
  }
  return atStoreEdge<Persistence>({
    stores: edgeOfEach(createMongoStores(models)),
    outbox: atStoreEdge(new MongoOutboxStore(db)),
    webhookDeliveries: atStoreEdge(new MongoDeliveryStore(db)),
    journal: (opts) => atStoreEdge(createMongoJournal(connection, opts)),
    telegram: {
      dialogs: atStoreEdge(createMongoDialogStore(connection)),
      stash: atStoreEdge(createMongoCallbackStash(connection)),
    },
    agendaBackend: () => createAgendaBackend(connection),
    jobs: (agenda, table) => atStoreEdge(new AgendaTimers(agenda, table)),
    async lastEventAt() {
      const [doc] = await db
        .collection<{ at: Date }>('events')
        .find({}, { projection: { at: 1 } })
        .sort({ at: -1 })
        .limit(1)
        .toArray();
      return doc?.at ? new Date(doc.at) : undefined;
    },
  });
}
