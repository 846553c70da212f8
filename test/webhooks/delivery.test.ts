// Webhook deliveries end to end on the real database: events a lead's changes record are POSTed,
// signed, to a receiver on 127.0.0.1 that fails, hangs, answers 429 and 500 and goes away; the
// business clock (a ManualClock) is moved across the backoff instead of sleeping. Every event
// arrives, in order per lead, each signature verifies; a webhook failing for 24 hours is paused
// and its admins told; a test from an admin resumes it and what waited is delivered.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { claimLead } from '../../src/core/leads/claim-lead.js';
import { createLead } from '../../src/core/leads/create-lead.js';
import { disqualifyLead } from '../../src/core/leads/disqualify-lead.js';
import { passLead } from '../../src/core/leads/pass-lead.js';
import { addWebhook } from '../../src/core/webhooks/manage-webhooks.js';
import { pauseWebhook, testWebhook } from '../../src/core/webhooks/webhook-status.js';
import type { Webhook } from '../../src/core/webhooks/webhook.js';
import { MongoDeliveryStore } from '../../src/store/mongo-webhook-delivery-store.js';
import { verifySignature } from '../../src/webhooks/sign.js';
import { backoffMs, createWebhookOutbox, type WebhookOutbox } from '../../src/webhooks/webhook-outbox.js';
import { createNode, silentLog, type BotNode } from '../jobs/harness.js';
import {
  createCoreHarness,
  leadInput,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../support/core.js';
import { Receiver } from './receiver.js';

let h: CoreHarness;
let t: SeededTeam;
let node: BotNode;
let hooks: WebhookOutbox;
let hook: Webhook;
const receiver = new Receiver();
const HOUR = 3600_000;

function outbox(h: CoreHarness, node: () => BotNode, owner: string): WebhookOutbox {
  return createWebhookOutbox({
    store: new MongoDeliveryStore(h.conn.db!),
    hooks: h.deps.stores.webhooks,
    teams: h.deps.stores.teams,
    people: h.deps.stores.people,
    clock: h.clock,
    log: silentLog,
    allowPrivate: true,
    timeoutMs: 1000,
    owner,
    pause: (webhookId, reason) =>
      pauseWebhook(
        node().core,
        { webhookId, reason },
        { source: 'job', key: `pause:${webhookId}`, now: h.clock.now() },
      ),
  });
}

/** Every delivery attempt's signature, checked as the README tells receivers to. */
function expectAllSigned(): void {
  for (const r of receiver.received) {
    const header = String(r.headers['baton-signature']);
    const t0 = Number(/t=(\d+)/.exec(header)?.[1]);
    expect(verifySignature(hook.secret, header, r.body, t0)).toBe(true);
    // Stamped with wall time, as a receiver checks it (business time here is days behind).
    expect(verifySignature(hook.secret, header, r.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifySignature('whsec_wrong', header, r.body, t0)).toBe(false);
    expect(verifySignature(hook.secret, header, r.body + ' ', t0)).toBe(false);
    expect(r.headers['baton-event-id']).toBe((JSON.parse(r.body) as { id: string }).id);
  }
}

const advance = (ms: number) => h.clock.set(new Date(h.clock.now().getTime() + ms));

beforeAll(async () => {
  h = await createCoreHarness('2026-12-01T09:00:00Z');
  t = await seedTeam(h, { sdrs: 1, aes: 2 });
  await receiver.start();
  hooks = outbox(h, () => node, 'node-a');
  node = await createNode(h, { outbox: { webhooks: hooks } });
  ({ webhook: hook } = await addWebhook(
    node.core,
    { url: receiver.url, events: [], allowPrivate: true },
    h.ctx(t.admin.id),
  ));
});
afterAll(async () => {
  await node.close();
  await receiver.stop();
  await h.close();
});

describe('webhook deliveries', () => {
  it('posts each change of a lead, signed, in order, with stable ids', async () => {
    const r = await createLead(node.core, { input: leadInput() }, h.ctx(t.sdrs[0]!.id));
    if (r.status !== 'created') throw new Error('expected created');
    await passLead(node.core, { leadRef: r.lead.id }, h.ctx(r.lead.offeredTo));
    const lead = (await h.deps.stores.leads.get(r.lead.id))!;
    await claimLead(node.core, { leadRef: lead.id }, h.ctx(lead.offeredTo));
    await hooks.runOnce();
    const got = receiver.delivered();
    expect(got.map((e) => e.type)).toEqual([
      'lead.created',
      'lead.offered',
      'lead.passed',
      'lead.offered',
      'lead.claimed',
    ]);
    expect(got[0]).toMatchObject({
      id: `${lead.id}:1:lead.created`,
      team: t.team.id,
      time: '2026-12-01T09:00:00.000Z',
      data: { lead: { id: lead.id, ref: 'L-1', company: lead.fields.company } },
    });
    expect(new Set(got.map((e) => e.id)).size).toBe(5);
    // Each person the event names is named in `people`: the receiver needs no call back.
    const owner = (await h.deps.stores.people.get(lead.offeredTo!))!;
    const sdr = t.sdrs[0]!;
    expect(got[4]!.data).toMatchObject({
      lead: { ownerId: owner.id, createdBy: sdr.id },
      actorId: owner.id,
      people: {
        [owner.id]: { handle: owner.handle, name: owner.name },
        [sdr.id]: { handle: sdr.handle, name: sdr.name },
      },
    });
    expectAllSigned();
  });

  it('retries a 500, a 429 after its Retry-After, a hang and a dropped connection, on the business clock, in order', async () => {
    receiver.received.length = 0;
    const r = await createLead(
      node.core,
      { input: leadInput({ company: 'Globex', email: 'hank@globex.com' }) },
      h.ctx(t.sdrs[0]!.id),
    );
    if (r.status !== 'created') throw new Error('expected created');
    receiver.script = [{ status: 500 }];
    await hooks.runOnce();
    // The first failed: nothing after it in the lead's stream went out.
    expect(receiver.received.map((x) => x.answered)).toEqual([500]);
    await disqualifyLead(node.core, { leadRef: r.lead.id, reason: 'no budget' }, h.ctx(t.sdrs[0]!.id));
    await hooks.runOnce();
    expect(receiver.received).toHaveLength(1); // not due before its backoff
    advance(backoffMs(1) - 1);
    await hooks.runOnce();
    expect(receiver.received).toHaveLength(1);
    receiver.script = [{ status: 429, retryAfter: '120' }];
    advance(1);
    await hooks.runOnce();
    expect(receiver.received.map((x) => x.answered)).toEqual([500, 429]);
    advance(119_000); // Retry-After (120 s) honoured, not the shorter backoff
    await hooks.runOnce();
    expect(receiver.received).toHaveLength(2);
    receiver.script = ['hang'];
    advance(1000);
    await hooks.runOnce();
    receiver.script = ['drop'];
    advance(backoffMs(3));
    await hooks.runOnce();
    expect(receiver.received.map((x) => x.answered)).toEqual([500, 429, 'hang', 'drop']);
    advance(backoffMs(4));
    await hooks.runOnce();
    const types = receiver.delivered().map((e) => e.type);
    expect(types).toEqual(['lead.created', 'lead.offered', 'lead.disqualified']);
    // The same event each time (one id), every attempt signed.
    expect(
      new Set(receiver.received.slice(0, 5).map((x) => (JSON.parse(x.body) as { id: string }).id)).size,
    ).toBe(1);
    expectAllSigned();
  });

  it('keeps events while the receiver is away, pauses the webhook after 24 hours and tells the admins; a test resumes it', async () => {
    receiver.received.length = 0;
    await receiver.stop();
    const r = await createLead(
      node.core,
      { input: leadInput({ company: 'Initech', email: 'bill@initech.com' }) },
      h.ctx(t.sdrs[0]!.id),
    );
    if (r.status !== 'created') throw new Error('expected created');
    await hooks.runOnce();
    for (let i = 0; i < 40 && !(await h.deps.stores.webhooks.get(hook.id))?.pausedAt; i++) {
      advance(HOUR);
      await hooks.runOnce();
    }
    const paused = (await h.deps.stores.webhooks.get(hook.id))!;
    expect(paused.pausedAt).toBeDefined();
    expect(paused.pausedAt!.getTime() - new Date('2026-12-01T09:00:00Z').getTime()).toBeGreaterThanOrEqual(
      24 * HOUR,
    );
    await node.outbox.drain();
    const told = node.sender.sent.filter((m) => m.message.summary.startsWith('webhook.paused'));
    expect(told.map((m) => m.target)).toEqual([{ kind: 'dm', address: 'console:boss' }]);
    expect(told[0]!.message.summary).toContain(hook.id);
    // Paused: the receiver is back but nothing is sent until an admin resumes it.
    await receiver.start();
    advance(HOUR);
    await hooks.runOnce();
    expect(receiver.received).toHaveLength(0);
    const { resumed } = await testWebhook(node.core, { id: hook.id }, h.ctx(t.admin.id));
    expect(resumed).toBe(true);
    await hooks.runOnce();
    const types = receiver.delivered().map((e) => e.type);
    expect(types.filter((x) => x !== 'webhook.test')).toEqual(['lead.created', 'lead.offered']);
    expect(types).toContain('webhook.test');
    expectAllSigned();
  });

  it('delivers each event once when two processes run passes at the same time', async () => {
    receiver.received.length = 0;
    const other = outbox(h, () => node, 'node-b');
    for (let i = 0; i < 5; i++)
      await createLead(
        node.core,
        { input: leadInput({ company: `Race ${i}`, email: `x${i}@race${i}.com` }) },
        h.ctx(t.sdrs[0]!.id),
      );
    await Promise.all([hooks.runOnce(), other.runOnce(), hooks.runOnce(), other.runOnce()]);
    const ids = receiver.delivered().map((e) => e.id);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });
});
