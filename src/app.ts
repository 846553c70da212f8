import { systemClock, type Clock } from './core/clock.js';
import type { Stores } from './core/ports.js';
import type { CoreDeps } from './core/shared/deps.js';
import { createInteractions } from './chat/interactions/create-interactions.js';
import type { Interactions } from './chat/interactions/interactions.js';
import type { Journal } from './chat/journal-port.js';
import { createJournalRecovery, type JournalRecovery, type Replayer } from './chat/recovery.js';
import { createOutbox, type Outbox, type OutboxDeps } from './chat/outbox/outbox.js';
import type { PlatformSender } from './chat/ports.js';
import {
  createNoticeRenderer,
  type DigestRenderer,
  type KpiRenderer,
} from './chat/render/notice-renderer.js';
import { createDigestRenderer } from './chat/render/digest.js';
import type { Config } from './config.js';
import { createJobs, type Jobs } from './jobs/jobs.js';
import { JOB_TABLE, type JobStore } from './jobs/job-store.js';
import { createScheduler, type Scheduler } from './jobs/scheduler.js';
import type { Logger } from './logger.js';
import { checkWebhookHost } from './webhooks/address-guard.js';
import {
  createWebhookOutbox,
  type WebhookOutbox,
  type WebhookOutboxDeps,
} from './webhooks/webhook-outbox.js';
import { pauseWebhook } from './core/webhooks/webhook-status.js';
import { purgeIdempotencyRecords } from './http/api/intake.js';
import { upgradeKpiFacts } from './core/kpi/rebuild-kpi-facts.js';
import { openPersistence, type DbConnection, type Persistence } from './store/persistence.js';

export type AppOptions = {
  /** `webhooks` unset: they may not reach private addresses, and a POST may take 10 s. */
  config: Pick<Config, 'defaults' | 'runJobs'> & Partial<Pick<Config, 'webhooks'>>;
  log: Logger;
  /** The connected database: the store builds every port on it (src/store/persistence.ts). */
  connection: DbConnection;
  /** Business time (tests and the console workspace pass a ManualClock). */
  clock?: Clock;
  senders?: PlatformSender[];
  /** Outbox tuning (tests and benchmarks). */
  outbox?: Partial<
    Omit<OutboxDeps, 'store' | 'people' | 'teams' | 'renderer' | 'log' | 'defaults' | 'roster'>
  >;
  /** Webhook delivery tuning (tests: poll interval, lease timeout). */
  webhooks?: Partial<Pick<WebhookOutboxDeps, 'pollMs' | 'leaseTimeoutMs'>>;
  /** How often Agenda polls (default 2 s). */
  processEvery?: number | string;
  digest?: DigestRenderer;
  kpi?: KpiRenderer;
};

/** Everything but the chat adapters and the HTTP server: what main.ts, tests and the console share. */
export type App = {
  /** Every port the store hands out (adapters take theirs from here). */
  persistence: Persistence;
  stores: Stores;
  core: CoreDeps;
  outbox: Outbox;
  /** The webhook half of the outbox (tests run its passes after moving the clock). */
  webhooks: WebhookOutbox;
  scheduler: Scheduler;
  jobs: Jobs;
  journal: Journal;
  /** Finishes recorded but unfinished requests through the adapters' replayers. */
  recovery: JournalRecovery;
  /** Registers an adapter's replayer for journal recovery (before `startRecovery`). */
  addReplayer(replayer: Replayer): void;
  /**
   * One recovery pass now (after the adapters started: a restart after a crash), repeated every
   * `everyMs` on job workers (a process that died for good, requests hit by a database outage).
   */
  startRecovery(everyMs?: number): Promise<void>;
  interactions: Interactions;
  clock: Clock;
  /** Starts delivery and (on job workers) scheduled work. */
  start(): Promise<void>;
  /** Stops recovery, scheduled work (draining running jobs) and delivery, in that order. */
  stop(): Promise<void>;
};

/**
 * Builds the application on a connected database: stores → outbox (the core's Notifier) →
 * Agenda timers → core deps → jobs → interactions. Adapters attach afterwards: they register a
 * sender with `outbox.addSender` and call `interactions`.
 */
export async function createApp(opts: AppOptions): Promise<App> {
  const { connection, log } = opts;
  const clock = opts.clock ?? systemClock;
  const persistence = await openPersistence(connection);
  const { stores } = persistence;
  const scheduler = createScheduler({
    backend: persistence.agendaBackend(),
    log,
    runJobs: opts.config.runJobs,
    ...(opts.processEvery !== undefined ? { processEvery: opts.processEvery } : {}),
  });
  const timers: JobStore = persistence.jobs(scheduler.agenda, JOB_TABLE);
  const digests = createDigestRenderer({ stores });
  const renderer = createNoticeRenderer({
    stores,
    clock,
    digest: opts.digest ?? digests.digest,
    // Called only when a notice is rendered, after the outbox below exists.
    leadLink: (leadId, platform) => outbox.cardLink(leadId, platform),
  });
  const webhookConfig = opts.config.webhooks ?? { allowPrivate: false, timeoutMs: 10_000 };
  const outbox = createOutbox({
    store: persistence.outbox,
    roster: stores.roster,
    people: stores.people,
    teams: stores.teams,
    leads: stores.leads,
    renderer,
    defaults: opts.config.defaults,
    log,
    senders: opts.senders ?? [],
    webhooks: { record: (notices) => webhooks.record(notices) },
    ...opts.outbox,
  });
  const core: CoreDeps = { stores, notifier: outbox, timers, clock, defaults: opts.config.defaults };
  const webhooks = createWebhookOutbox({
    store: persistence.webhookDeliveries,
    hooks: stores.webhooks,
    teams: stores.teams,
    people: stores.people,
    clock,
    log,
    allowPrivate: webhookConfig.allowPrivate,
    timeoutMs: webhookConfig.timeoutMs,
    pause: (webhookId, reason) =>
      pauseWebhook(
        core,
        { webhookId, reason },
        { source: 'job', key: `webhook-pause:${webhookId}`, now: clock.now() },
      ),
    ...opts.webhooks,
  });
  const jobs = createJobs({
    agenda: scheduler.agenda,
    timers,
    core,
    clock,
    log,
    sweepOutbox: () => outbox.sweep(),
    purge: {
      outbox: (before) => outbox.purge(before),
      webhookDeliveries: (before) => persistence.webhookDeliveries.purge(before),
      idempotencyKeys: (before) => purgeIdempotencyRecords(stores.ledger, before),
    },
  });
  const journal = persistence.journal({ now: () => clock.now() });
  const replayers: Replayer[] = [];
  const recovery = createJournalRecovery({ journal, log, replayers: () => replayers });
  const interactions = createInteractions({
    core,
    journal,
    log,
    kpi: opts.kpi ?? digests.kpi,
    webhooks: {
      allowPrivate: webhookConfig.allowPrivate,
      checkUrl: (url) => checkWebhookHost(url, webhookConfig.allowPrivate),
    },
  });
  let upgrade: Promise<void> = Promise.resolve();
  return {
    persistence,
    stores,
    core,
    outbox,
    webhooks,
    scheduler,
    jobs,
    journal,
    recovery,
    addReplayer: (replayer) => void replayers.push(replayer),
    async startRecovery(everyMs = 30_000) {
      if (opts.config.runJobs) recovery.start(everyMs);
      else await recovery.runOnce();
    },
    interactions,
    clock,
    async start() {
      // In the background: requests are served meanwhile (reports stream the leads until then).
      upgrade = upgradeKpiFacts(core, (teamId, r) =>
        log.info({ teamId, ...r }, 'KPI facts built for a team written by an earlier version'),
      ).then(
        () => undefined,
        (err: unknown) =>
          log.error({ err }, 'building the KPI facts failed; `npm run baton -- kpi rebuild` retries'),
      );
      await outbox.start();
      webhooks.start();
      await scheduler.start();
      if (opts.config.runJobs) {
        await jobs.scheduleRecurring();
        await jobs.planDigests();
      }
    },
    async stop() {
      await upgrade;
      await recovery.stop();
      await scheduler.stop();
      await webhooks.stop();
      await outbox.stop();
    },
  };
}
