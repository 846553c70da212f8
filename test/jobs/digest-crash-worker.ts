// One bot process for the crash test: runs the due digest job and delivers through a sender that
// appends every delivery to a file (so a kill -9 loses nothing it "sent"), then exits.
// Usage: node --import tsx test/jobs/digest-crash-worker.ts <mongodb uri> <db name> <sent file> <now ISO>
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createOutbox } from '../../src/chat/outbox/outbox.js';
import type { PlatformSender, SentRef, Target } from '../../src/chat/ports.js';
import { ManualClock } from '../../src/core/clock.js';
import type { CoreDeps } from '../../src/core/shared/deps.js';
import { AgendaTimers } from '../../src/store/agenda-timers.js';
import { JOB_TABLE } from '../../src/jobs/job-store.js';
import { createJobs } from '../../src/jobs/jobs.js';
import { createScheduler } from '../../src/jobs/scheduler.js';
import { createLogger } from '../../src/logger.js';
import { connectDatabase } from '../../src/store/database.js';
import { createModels, ensureIndexes } from '../../src/store/models.js';
import { createMongoStores } from '../../src/store/mongo-stores.js';
import { textRenderer } from '../chat/outbox/recording-sender.js';
import { MongoOutboxStore } from '../../src/store/mongo-outbox-store.js';
import { createAgendaBackend } from '../../src/store/agenda-backend.js';

const [uri, dbName, file, nowIso] = process.argv.slice(2) as [string, string, string, string];
const log = createLogger({ level: 'silent' });

/** Like Slack: the platform remembers what it got under each dedupe id, and can be asked. */
const sender: PlatformSender = {
  platform: 'console',
  async send(target: Target, _message, opts) {
    await new Promise((r) => setTimeout(r, 2));
    appendFileSync(file, `${opts.dedupeId}\n`);
    return {
      platform: 'console',
      channel: target.kind === 'dm' ? target.address : target.id,
      id: opts.dedupeId,
    };
  },
  update: () => Promise.resolve(),
  sendFile: () => Promise.reject(new Error('no files in this test')),
  findSent(target: Target, dedupeId: string): Promise<SentRef | null> {
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
    const channel = target.kind === 'dm' ? target.address : target.id;
    return Promise.resolve(lines.includes(dedupeId) ? { platform: 'console', channel, id: dedupeId } : null);
  },
};

// Never outlive the test that started it (a timed-out test must not leave a process behind).
setTimeout(() => {
  process.stderr.write('digest-crash-worker: gave up after 150 s\n');
  process.exit(3);
}, 150_000).unref();

const conn = await connectDatabase(uri, { dbName });
const models = createModels(conn);
await ensureIndexes(models);
const stores = createMongoStores(models);
const clock = new ManualClock(nowIso);
const outbox = createOutbox({
  store: new MongoOutboxStore(conn.db!),
  people: stores.people,
  teams: stores.teams,
  renderer: textRenderer,
  senders: [sender],
  defaults: { timezone: 'Europe/Berlin', locale: 'en' },
  log,
  leaseTimeoutMs: 500,
});
const scheduler = createScheduler({ backend: createAgendaBackend(conn), log, runJobs: false });
const timers = new AgendaTimers(scheduler.agenda, JOB_TABLE);
let notified = 0;
const core: CoreDeps = {
  stores,
  notifier: {
    async notify(notices) {
      await outbox.notify(notices);
      notified += notices.length;
      process.stdout.write(`notified ${notified}\n`);
    },
  },
  timers,
  clock,
  defaults: { timezone: 'Europe/Berlin', locale: 'en' },
};
const jobs = createJobs({
  agenda: scheduler.agenda,
  timers,
  core,
  clock,
  log,
  lockMs: { 'digests.team': 500 },
});
await outbox.start();
// The killed process's lock on the digest job expires after 500 ms: keep asking until it runs.
const deadline = Date.now() + 15_000;
let ran = 0;
while (ran === 0 && Date.now() < deadline) {
  ran = await jobs.runDue(clock.now());
  if (!ran) await new Promise((r) => setTimeout(r, 200));
}
await outbox.drain();
process.stdout.write(`done ran=${ran}\n`);
await outbox.stop();
await conn.close();
process.exit(0);
