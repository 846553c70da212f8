// Upgrading across the journal key's respelling (`tg:<bot>:<update>` → `telegram:<bot>:<update>`):
// an update recorded under the old key before the upgrade and re-delivered after it is not run
// again when it was finished, and is finished once, under its old key, when its runner died. Its
// re-delivery is recorded under the new key (the ack waits on that one insert) and finished at once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import type { FakeUser, WireUpdate } from '../../fakes/telegram/fake-telegram.js';
import { botMessages, eventually, SECRET, startHarness, type Harness } from './harness.js';

const DEAD = `${hostname()}:${spawnSync(process.execPath, ['-e', '']).pid}:dead16`;
const boss: FakeUser = { id: 3101, is_bot: false, first_name: 'Boss', username: 'boss_legacy', language_code: 'en' };

let h: Harness;
const botId = () => h.fake.token.split(':')[0]!;
const journal = () => h.node.conn.collection<{ _id: string; doneAt?: Date; attempts: number }>('inbound_journal');
const deliver = (u: WireUpdate) => h.fake.deliverRaw(h.node.url, u, { secret: SECRET });

/**
 * Waits until the re-delivery of `u` was matched with its old entry: the new entry is finished
 * once the old one was taken over or found finished (a dropped update does nothing after that).
 */
const decided = (u: WireUpdate) =>
  eventually(async () => (await journal().findOne({ _id: `telegram:${botId()}:${u.update_id}` }))?.doneAt, 'the re-delivery matched');

/** A `/help` from the boss, queued but not delivered (the webhook is off). */
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

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook' });
  h.fake.user(boss);
  h.node.app.addReplayer(h.node.tg.replayer);
  await h.node.tg.bot.telegram.deleteWebhook(); // from here on, the test delivers each update itself
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
    expect((await deliver(u)).status).toBe(200);
    await eventually(async () => (await journal().findOne({ _id: `telegram:${botId()}:${u.update_id}` }))?.doneAt, 'the run finished');
    await eventually(() => botMessages(h.fake, boss).length > before, 'the help text');
    expect(await journal().findOne({ _id: `tg:${botId()}:${u.update_id}` })).toBeNull();
  });

  it('does not run again an update finished under the old key and re-delivered after the upgrade', async () => {
    const u = helpUpdate();
    await recordedBeforeUpgrade(u, { done: true });
    const before = botMessages(h.fake, boss).length;
    expect((await deliver(u)).status).toBe(200);
    await decided(u);
    expect((await deliver(u)).status).toBe(200); // dropped before the ack: its new entry is done
    expect(botMessages(h.fake, boss).length).toBe(before);
  });

  it('finishes once, under its old key, an update whose pre-upgrade runner died', async () => {
    const u = helpUpdate();
    const key = await recordedBeforeUpgrade(u, { done: false });
    const before = botMessages(h.fake, boss).length;
    const results = await Promise.all([deliver(u), deliver(u)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    await eventually(async () => (await journal().findOne({ _id: key }))?.doneAt, 'the old entry finished');
    await eventually(() => botMessages(h.fake, boss).length > before, 'the help text');
    expect(await h.node.app.recovery.runOnce()).toBe(0);
    expect((await deliver(u)).status).toBe(200);
    expect(botMessages(h.fake, boss).length).toBe(before + 1);
    expect(await journal().findOne({ _id: key })).toMatchObject({ attempts: 1 });
    expect((await journal().findOne({ _id: `telegram:${botId()}:${u.update_id}` }))?.doneAt).toBeDefined();
  });

  it('lets recovery replay an old-key entry once: the bot matches it while it is being replayed', async () => {
    const u = helpUpdate();
    const key = await recordedBeforeUpgrade(u, { done: false });
    const before = botMessages(h.fake, boss).length;
    expect(await h.node.app.recovery.runOnce()).toBe(1);
    await eventually(() => botMessages(h.fake, boss).length > before, 'the help text');
    expect(await h.node.app.recovery.runOnce()).toBe(0);
    expect((await deliver(u)).status).toBe(200);
    await decided(u);
    expect(botMessages(h.fake, boss).length).toBe(before + 1);
    expect((await journal().findOne({ _id: key }))?.doneAt).toBeDefined();
  });
});
