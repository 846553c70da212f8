// Housekeeping on the real application (createApp on the test database, business time on a
// ManualClock): `jobs.purge` — the job Agenda runs every six hours — clears what has settled for
// more than 14 days: sent outbox entries, delivered webhook deliveries with their leases, and the
// intake API's Idempotency-Key records (they hold the first answer, the contact's details too).
// What has not settled stays, however old: a delivery still failing is not forgotten. A key sent
// again after its record went still makes no second lead. A lead's cards stay too: a change
// weeks later still edits the messages it posted.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Job } from 'agenda';
import type { Connection } from 'mongoose';
import { createApp, type App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { createApiKey } from '../../src/core/integrations/api-keys.js';
import type { ApiKey } from '../../src/core/integrations/api-key.js';
import type { Ctx } from '../../src/core/ports.js';
import { addMember, setupTeam } from '../../src/core/roster/index.js';
import type { Team } from '../../src/core/roster/team.js';
import { addWebhook } from '../../src/core/webhooks/manage-webhooks.js';
import { intakeLead } from '../../src/http/api/intake.js';
import { claimLead } from '../../src/core/leads/claim-lead.js';
import { createLogger } from '../../src/logger.js';
import { connectDatabase } from '../../src/store/database.js';
import { RecordingSender } from '../chat/outbox/recording-sender.js';
import { dropAndClose, testMongoUri, uniqueDbName } from '../support/db.js';
import { Receiver } from '../webhooks/receiver.js';

const DAY = 24 * 3600_000;
const log = createLogger({ level: 'silent' });

let app: App;
let conn: Connection;
let clock: ManualClock;
let team: Team;
let apiKey: ApiKey;
const chat = new RecordingSender('console');
const ok = new Receiver();
const failing = new Receiver();
let seq = 0;
const ctx = (actorId?: string): Ctx => ({
  ...(actorId ? { actorId } : {}),
  source: 'console',
  key: `housekeeping:${++seq}`,
  now: clock.now(),
});

const body = {
  company: 'Purge Corp',
  contact: 'Ada Lovelace',
  email: 'ada@purge-corp.example',
  source: 'cold_email',
};

/** Runs the `jobs.purge` job through its Agenda definition, as the poller would. */
async function runPurge(): Promise<void> {
  const agenda = app.scheduler.agenda;
  await agenda.ready;
  await new Job(agenda, { name: 'jobs.purge', data: {}, type: 'normal' } as never).runJob();
}

const ledger = () => conn.db!.collection('ledger');
const deliveries = () => conn.db!.collection('webhook_deliveries');
/** Delivered (or dropped) deliveries leave the pending ones for a collection of their own. */
const settledDeliveries = () => conn.db!.collection('webhook_settled');
const outboxEntries = () => conn.db!.collection('outbox');

beforeAll(async () => {
  conn = await connectDatabase(testMongoUri(), { dbName: uniqueDbName() });
  // Outbox entries are stamped with wall time: business time starts there.
  clock = new ManualClock(new Date());
  app = await createApp({
    config: { defaults: { timezone: 'UTC', locale: 'en' }, runJobs: false },
    log,
    connection: conn,
    clock,
    senders: [chat],
    webhooks: { pollMs: 60_000 },
  });
  await app.start();
  await ok.start();
  await failing.start();
  failing.script = Array.from({ length: 50 }, () => ({ status: 500 }));
  const setup = await setupTeam(
    app.core,
    { teamName: 'Sales', founder: { address: 'console:boss', name: 'Boss', username: 'boss' } },
    ctx(),
  );
  team = setup.team;
  const admin = setup.admin;
  await addMember(
    app.core,
    { name: 'Sam', handle: 'sam', roles: ['sdr'], address: 'console:sam' },
    ctx(admin.id),
  );
  await addMember(
    app.core,
    { name: 'Alex', handle: 'alex', roles: ['ae'], address: 'console:alex' },
    ctx(admin.id),
  );
  for (const url of [ok.url, failing.url])
    await addWebhook(app.core, { url, events: [], allowPrivate: true }, ctx(admin.id));
  apiKey = (await createApiKey(app.core, { label: 'forms' }, ctx(admin.id))).key;
  team = (await app.stores.teams.get(team.id))!;
}, 60_000);

afterAll(async () => {
  await app.stop();
  await ok.stop();
  await failing.stop();
  await dropAndClose(conn);
});

describe('jobs.purge', () => {
  it('clears settled records after 14 days, keeps what has not settled, and a late retry makes no second lead', async () => {
    const first = await intakeLead(app.core, { key: apiKey, team }, { ...body, sdr: '@sam' }, 'form-42');
    expect(first).toMatchObject({ status: 201 });
    const leadId = (first.body as { id: string }).id;
    await app.outbox.drain();
    await app.webhooks.runOnce();

    expect(await ledger().countDocuments({ kind: 'api-request' })).toBe(1);
    const settled = await settledDeliveries().countDocuments({ status: 'delivered' });
    const pending = await deliveries().countDocuments({ status: 'pending' });
    expect(settled).toBeGreaterThan(0);
    expect(pending).toBe(settled); // the failing receiver's copy of each event
    expect(await outboxEntries().countDocuments({ status: 'sent' })).toBeGreaterThan(0);

    // Thirteen days on, nothing has aged out yet.
    clock.advance(13 * DAY);
    await runPurge();
    expect(await ledger().countDocuments({ kind: 'api-request' })).toBe(1);
    expect(await settledDeliveries().countDocuments({ status: 'delivered' })).toBe(settled);

    // Fifteen days on: the settled records are gone, the failing deliveries stay (still owed).
    clock.advance(2 * DAY);
    await runPurge();
    expect(await ledger().countDocuments({ kind: 'api-request' })).toBe(0);
    expect(await settledDeliveries().countDocuments({ status: 'delivered' })).toBe(0);
    expect(await deliveries().countDocuments({ status: 'pending' })).toBe(pending);
    expect(await outboxEntries().countDocuments({ status: { $in: ['sent', 'failed', 'skipped'] } })).toBe(0);
    // The lead's cards stay (in its card document), so later changes still edit its messages.
    const [lead] = await app.stores.leads.list({ teamId: team.id });
    expect(await app.outbox.store.cardsOf(lead!.id)).not.toHaveLength(0);
    expect(await conn.db!.collection('webhook_leases').countDocuments()).toBeGreaterThan(0);
    // Other ledger records (the first admin, the team's one-off facts) are not housekeeping's.
    expect(await ledger().countDocuments({ kind: { $ne: 'api-request' } })).toBeGreaterThan(0);

    // The same key again: its record is gone, but the lead's id comes from the key.
    const again = await intakeLead(app.core, { key: apiKey, team }, { ...body, sdr: '@sam' }, 'form-42');
    expect([200, 201]).toContain(again.status);
    expect((again.body as { id: string }).id).toBe(leadId);
    expect((await app.stores.leads.list({ teamId: team.id })).map((l) => `L-${l.number}`)).toEqual([leadId]);

    // Fifteen days on, the lead changes: its card and offer, sent before the purge, are edited.
    const cards = await app.outbox.store.cardsOf(lead!.id);
    const edits = chat.updates.length;
    await claimLead(app.core, { leadRef: leadId }, ctx(lead!.offeredTo));
    await app.outbox.drain();
    const edited = chat.updates.slice(edits).map((u) => u.ref.id);
    expect(edited.sort()).toEqual(cards.map((c) => c.ref.id).sort());
  }, 60_000);
});
