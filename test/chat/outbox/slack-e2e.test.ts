// The outbox end to end on Slack: real renderers, the real Slack sender and WebClient, the fake
// Slack over HTTP (Block Kit validated, 429 with Retry-After).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { webApi } from '@slack/bolt';
import { createOutbox, type Outbox } from '../../../src/chat/outbox/outbox.js';
import { createDigestRenderer } from '../../../src/chat/render/digest.js';
import { createNoticeRenderer } from '../../../src/chat/render/notice-renderer.js';
import { createSlackSender } from '../../../src/chat/slack/slack-sender.js';
import { createLead } from '../../../src/core/leads/create-lead.js';
import { createLogger } from '../../../src/logger.js';
import { createFakeSlack, dmChannelFor, type FakeSlack } from '../../fakes/slack/index.js';
import {
  createCoreHarness,
  leadInput,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../../support/core.js';
import { MongoOutboxStore } from '../../../src/store/mongo-outbox-store.js';

let fake: FakeSlack;
let h: CoreHarness;
let t: SeededTeam;
let outbox: Outbox;
beforeAll(async () => {
  fake = await createFakeSlack({
    users: [
      { id: 'U0ANNA', name: 'anna' },
      { id: 'U0BORIS', name: 'boris' },
      { id: 'U0BOSS', name: 'boss' },
    ],
  });
});
afterAll(() => fake.close());
beforeEach(async () => {
  fake.reset();
  h = await createCoreHarness();
  t = await seedTeam(h, { aes: 1, ams: 1 });
  const people = h.deps.stores.people;
  await people.linkAddress(t.ams[0]!.id, `slack:${fake.team.id}:U0ANNA`);
  await people.linkAddress(t.aes[0]!.id, `slack:${fake.team.id}:U0BORIS`);
  await people.linkAddress(t.admin.id, `slack:${fake.team.id}:U0BOSS`);
  const client = new webApi.WebClient('xoxb-bulk', {
    slackApiUrl: fake.url,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
  const stores = h.deps.stores;
  outbox = createOutbox({
    store: new MongoOutboxStore(h.conn.db!),
    people: stores.people,
    teams: stores.teams,
    renderer: createNoticeRenderer({ stores, digest: createDigestRenderer({ stores }).digest }),
    senders: [createSlackSender(client, { teamId: fake.team.id })],
    defaults: h.deps.defaults,
    log: createLogger({ level: 'silent' }),
  });
  await outbox.start();
});
afterEach(async () => {
  await outbox.stop();
  await h.close();
});

const posts = (user: string) =>
  fake.calls('chat.postMessage').filter((c) => c.args.channel === dmChannelFor(user));

describe('outbox → Slack', () => {
  it('waits out a 429’s Retry-After for that DM, delivers once, and an offer to someone else goes first', async () => {
    const r = await createLead(h.deps, { input: leadInput() }, h.ctx(t.sdrs[0]!.id));
    if (r.status !== 'created') throw new Error('expected a lead');
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const am = t.ams[0]!.id;
    await outbox.notify([
      {
        key: `digest:${am}:2026-12-01`,
        to: { personId: am },
        body: { kind: 'digest', personId: am, date: '2026-12-01', scope: 'person' },
      },
    ]);
    while (fake.ratelimitedCount < 1) await new Promise((res) => setTimeout(res, 5));
    await outbox.notify([
      {
        key: `lead:${r.lead.id}:offer:9`,
        to: { personId: t.aes[0]!.id },
        body: { kind: 'lead.offered', leadId: r.lead.id },
      },
    ]);
    await outbox.drain();

    const [refused, delivered] = posts('U0ANNA');
    expect(refused?.status).toBe(429);
    expect(fake.messagesIn('U0ANNA')).toHaveLength(1);
    expect(delivered!.at - refused!.at).toBeGreaterThanOrEqual(995);
    expect(fake.messagesIn('U0BORIS')).toHaveLength(1);
    expect(posts('U0BORIS')[0]!.at).toBeLessThan(delivered!.at);
    expect(outbox.metrics()).toMatchObject({ sent: 2, rateLimited: 1, failed: 0 });
    fake.expectNoViolations();
  });

  it('posts the manager’s team digest as valid Block Kit with its chart', async () => {
    const boss = t.admin.id;
    // A day with something to report (a quiet day's digest is one line, without a chart).
    await createLead(h.deps, { input: leadInput() }, h.ctx(t.sdrs[0]!.id));
    await outbox.drain();
    fake.reset();
    await outbox.notify([
      {
        key: `digest:${boss}:2026-12-02:team`,
        to: { personId: boss },
        body: { kind: 'digest', personId: boss, date: '2026-12-02', scope: 'team' },
      },
    ]);
    await outbox.drain();
    expect(posts('U0BOSS').map((c) => c.status)).toEqual([200]);
    expect(fake.calls('files.completeUploadExternal')).toHaveLength(1);
    fake.expectNoViolations();
  });
});
