import { MongoBackend } from '@agendajs/mongo-backend';
import type { AgendaBackend } from 'agenda';
import type { Connection } from 'mongoose';

/**
 * Agenda's storage on mongoose's connection (collection `agendaJobs`), never on its own address:
 * Agenda would connect at once and crash the process on an unhandled rejection when the database
 * is down.
 */
export function createAgendaBackend(connection: Connection): AgendaBackend {
  const db = connection.db;
  if (!db) throw new Error('the Agenda backend needs a connected database');
  return new MongoBackend({ mongo: db, collection: 'agendaJobs' });
}
