// Journal recovery on Telegram: an update recorded by a process that died is taken over by its
// re-delivery, or — when another process got it while the lease ran — fed to the bot again by
// the recovery pass. Either way it is answered once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import type { FakeUser } from '../../fakes/telegram/fake-telegram.js';
import { botMessages, eventually, say, startHarness, type Harness } from './harness.js';

const DEAD = `${hostname()}:${spawnSync(process.execPath, ['-e', '']).pid}:dead02`;
const boss: FakeUser = {
  id: 3001,
  is_bot: false,
  first_name: 'Boss',
  username: 'boss_rec',
  language_code: 'en',
};

describe('journal recovery on Telegram', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.fake.user(boss);
    h.node.app.addReplayer(h.node.tg.replayer);
    await say(h, boss, '/team setup Recovery', /Recovery team is ready/);
  });
  afterAll(() => h.close());

  it('replays an update a dead process recorded but never finished, once', async () => {
    const updateId = 987_654;
    const update = {
      update_id: updateId,
      message: {
        message_id: 77,
        date: Math.floor(Date.now() / 1000),
        chat: { id: boss.id, type: 'private', first_name: boss.first_name },
        from: boss,
        text: '/help',
        entities: [{ type: 'bot_command', offset: 0, length: 5 }],
      },
    };
    const key = `telegram:${h.fake.token.split(':')[0]}:${updateId}`;
    await h.node.conn.collection('inbound_journal').insertOne({
      _id: key,
      request: { platform: 'telegram', update_id: updateId, type: 'message', text: '/help', update },
      replyTo: { chatId: boss.id },
      at: new Date(),
      owner: DEAD,
      startedAt: new Date(),
      attempts: 0,
    } as never);
    const before = botMessages(h.fake, boss).length;
    expect(await h.node.app.recovery.runOnce()).toBe(1);
    await eventually(() => botMessages(h.fake, boss).length > before, 'the help text');
    expect(await h.node.app.recovery.runOnce()).toBe(0);
    expect(botMessages(h.fake, boss).length).toBe(before + 1);
    expect((await h.node.app.journal.get(key))?.doneAt).toBeDefined();
    expect(h.errors()).toEqual([]);
  });
});
