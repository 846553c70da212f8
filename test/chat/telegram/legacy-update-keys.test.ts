// Upgrading across the journal key's respelling (`tg:<bot>:<update>` → `telegram:<bot>:<update>`):
// a process of this version, before it runs any update, gives every entry recorded under an old
// key a finished entry under the new one. An update finished before the upgrade and re-delivered
// after it (here by Telegram itself, once the new process sets its webhook, and again by hand) is
// then a duplicate like any other; one whose pre-upgrade runner died is finished once, under its
// old key, by journal recovery — and no update pays a look-up of its old key.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import type { FakeUser, WireUpdate } from '../../fakes/telegram/fake-telegram.js';
import { botMessages, eventually, SECRET, startHarness, type Harness, type Node } from './harness.js';

const DEAD = `${hostname()}:${spawnSync(process.execPath, ['-e', '']).pid}:dead16`;
const boss: FakeUser = { id: 3101, is_bot: false, first_name: 'Boss', username: 'boss_legacy', language_code: 'en' };

type Entry = { _id: string; doneAt?: Date; attempts: number; request: Record<string, unknown> };

let h: Harness;
const botId = () => h.fake.token.split(':')[0]!;
const journal = () => h.node.conn.collection<Entry>('inbound_journal');
const deliver = (n: Node, u: WireUpdate) => h.fake.deliverRaw(n.url, u, { secret: SECRET });
const newKey = (u: WireUpdate) => `telegram:${botId()}:${u.update_id}`;

/** A `/help` from the boss, queued but not delivered (no webhook is set). */
function helpUpdate(): WireUpdate {
  const seen = new Set(h.fake.pendingUpdates().map((u) => u.update_id));
  h.fake.sendText(boss, boss, '/help');
  return h.fake.pendingUpdates().find((u) => !seen.has(u.update_id))!;
}

/** What a pre-upgrade process wrote when it recorded `u` (finished, or still open by a dead runner). */
async function recordedBeforeUpgrade(u: WireUpdate, o: { done: boolean }): Promise<string> {
  const key = `tg:${botId()}:${u.update_id}`;
  const at = new Date();
  await journal().insertOne({
    _id: key,
    request: { platform: 'telegram', update_id: u.update_id, type: 'message', text: '/help', update: u },
    replyTo: { chatId: boss.id },
    at,
    owner: DEAD,
    startedAt: at,
    attempts: 0,
    ...(o.done && { doneAt: at }),
  } as never);
  return key;
}

/**
 * A process of this version starting: it sets its webhook, and Telegram delivers what is queued
 * (`u` among it); resolves once `u` was answered. Then the webhook is taken down again, and the
 * process registers its replayer as main.ts does once the bot is connected.
 */
async function upgradedProcess(u: WireUpdate): Promise<Node> {
  const n = await h.addNode('webhook');
  await h.fake.waitForDelivery((d) => d.update_id === u.update_id && !d.raw && d.status === 200);
  await n.tg.bot.telegram.deleteWebhook();
  n.app.addReplayer(n.tg.replayer);
  return n;
}

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook' });
  h.fake.user(boss);
  await h.node.tg.bot.telegram.deleteWebhook(); // from here on, updates queue until a test delivers them
});

afterEach(() => {
  h.fake.expectNoViolations();
  expect(h.errors()).toEqual([]);
});

afterAll(async () => {
  await h?.close();
});

describe('journal keys recorded before the upgrade', () => {
  it('records new updates under telegram:<bot>:<update_id>', async () => {
    const u = helpUpdate();
    const before = botMessages(h.fake, boss).length;
    expect((await deliver(h.node, u)).status).toBe(200);
    await eventually(async () => (await journal().findOne({ _id: newKey(u) }))?.doneAt, 'the run finished');
    await eventually(() => botMessages(h.fake, boss).length > before, 'the help text');
    expect(await journal().findOne({ _id: `tg:${botId()}:${u.update_id}` })).toBeNull();
  });

  it('does not run again an update finished under the old key and re-delivered after the upgrade', async () => {
    const u = helpUpdate();
    const key = await recordedBeforeUpgrade(u, { done: true });
    const before = botMessages(h.fake, boss).length;
    const n = await upgradedProcess(u); // Telegram's re-delivery: dropped
    expect(await journal().findOne({ _id: newKey(u) })).toMatchObject({ request: { aliasOf: key } });
    expect((await journal().findOne({ _id: newKey(u) }))?.doneAt).toBeDefined();
    expect((await deliver(n, u)).status).toBe(200); // and once more: dropped
    expect(await n.app.recovery.runOnce()).toBe(0);
    expect(botMessages(h.fake, boss).length).toBe(before);
  });

  it('finishes once, under its old key, an update whose pre-upgrade runner died', async () => {
    const u = helpUpdate();
    const key = await recordedBeforeUpgrade(u, { done: false });
    const before = botMessages(h.fake, boss).length;
    const n = await upgradedProcess(u); // Telegram's re-delivery: dropped; recovery finishes it
    const results = await Promise.all([deliver(n, u), deliver(n, u)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(botMessages(h.fake, boss).length).toBe(before);
    expect(await n.app.recovery.runOnce()).toBe(1);
    await eventually(async () => (await journal().findOne({ _id: key }))?.doneAt, 'the old entry finished');
    await eventually(() => botMessages(h.fake, boss).length > before, 'the help text');
    expect(await n.app.recovery.runOnce()).toBe(0);
    expect((await deliver(n, u)).status).toBe(200);
    expect(botMessages(h.fake, boss).length).toBe(before + 1);
    expect(await journal().findOne({ _id: key })).toMatchObject({ attempts: 1 });
  });

  it('a later start keys anew only what is new, and an update recorded by this version is left alone', async () => {
    const u = helpUpdate();
    const n = await upgradedProcess(u); // run by this version, under its new key
    await eventually(async () => (await journal().findOne({ _id: newKey(u) }))?.doneAt, 'the run finished');
    const before = await journal().countDocuments();
    const v = helpUpdate();
    await recordedBeforeUpgrade(v, { done: true });
    await upgradedProcess(v);
    expect(await journal().countDocuments()).toBe(before + 2); // v's old entry and its new key
    expect((await journal().findOne({ _id: newKey(u) }))?.request).toMatchObject({ platform: 'telegram' });
    expect(n.logs.filter((r) => r.level >= 40)).toEqual([]);
  });
});
