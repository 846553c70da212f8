// The outbox's Telegram sender against the fake Bot API (validation on): what it sends, and how
// Telegram's refusals reach the outbox.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Telegram } from 'telegraf';
import { text, type ActionRef, type Block, type Message } from '../../../src/chat/message.js';
import { PermanentSendError, RateLimitedError, type PlatformSender } from '../../../src/chat/ports.js';
import type { CallbackStash } from '../../../src/chat/telegram/callback-stash-port.js';
import { createTelegramSender } from '../../../src/chat/telegram/telegram-sender.js';
import { createFakeTelegram, type FakeTelegram } from '../../fakes/telegram/fake-telegram.js';

let fake: FakeTelegram;
let sender: PlatformSender;
const stashed = new Map<string, ActionRef>();
const stash: CallbackStash = {
  put: (a) => {
    const token = `tok_${String(stashed.size).padStart(8, '0')}`;
    stashed.set(token, a);
    return Promise.resolve(token);
  },
  get: (t) => Promise.resolve(stashed.get(t) ?? null),
};
const anna = 501;
const group = -100700;
const claim = (ref = 'lead_1a2b3c4d5e6f7a8b'): Block => ({
  type: 'actions',
  buttons: [{ label: 'Claim', action: { id: 'lead.claim', ref } }],
});
const card = (status: string, buttons = true): Message => ({
  summary: `L-1 Acme — ${status}`,
  blocks: [{ type: 'header', text: 'L-1 · Acme' }, { type: 'context', text: [text(status)] }, ...(buttons ? [claim()] : [])],
});

beforeAll(async () => {
  fake = await createFakeTelegram();
  sender = createTelegramSender(new Telegram(fake.token, { apiRoot: fake.apiRoot }), { stash });
});
beforeEach(() => {
  fake.reset();
  fake.user({ id: anna, first_name: 'Anna' });
  fake.group({ id: group, title: 'Sales' });
});
afterEach(() => fake.expectNoViolations());
afterAll(async () => {
  await fake.close();
});

describe('Telegram sender', () => {
  it('sends to a DM by address and to a group by chat id, with an inline keyboard', async () => {
    const dm = await sender.send({ kind: 'dm', address: 'telegram:501' }, card('Offered to you'), { dedupeId: 'n1' });
    const ch = await sender.send({ kind: 'channel', platform: 'telegram', id: String(group) }, card('Offered'), { dedupeId: 'n2' });
    expect(dm).toMatchObject({ platform: 'telegram', channel: '501' });
    expect(ch).toMatchObject({ platform: 'telegram', channel: String(group) });
    const m = fake.lastMessage(group)!;
    expect(m.text).toBe('L-1 · Acme\nOffered');
    expect(m.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Claim', callback_data: 'lc:lead_1a2b3c4d5e6f7a8b' }]] });
  });

  it('edits a card in place; an unchanged edit is a success', async () => {
    const ref = await sender.send({ kind: 'dm', address: 'telegram:501' }, card('Offered'), { dedupeId: 'n3' });
    await sender.update(ref, card('Claimed by Anna', false));
    await sender.update(ref, card('Claimed by Anna', false)); // "message is not modified"
    const m = fake.lastMessage(anna)!;
    expect(m.text).toBe('L-1 · Acme\nClaimed by Anna');
    expect(m.reply_markup).toBeUndefined();
    expect(m.edits).toHaveLength(1);
  });

  it('delivers a 6,000-character digest as two valid messages, the keyboard on the last', async () => {
    const section = (n: number): Block[] => [
      { type: 'header', text: `Team ${n}` },
      { type: 'fields', fields: Array.from({ length: 20 }, (_, i) => ({ label: `Rep ${n}.${i}`, value: [text('x'.repeat(65))] })) },
    ];
    const digest: Message = { summary: 'Digest', blocks: [...[1, 2, 3, 4].flatMap(section), claim()] };
    const ref = await sender.send({ kind: 'channel', platform: 'telegram', id: String(group) }, digest, { dedupeId: 'd' });
    const sent = fake.messagesIn(group);
    expect(sent).toHaveLength(2);
    expect(sent.map((m) => m.text!.length).reduce((a, b) => a + b)).toBeGreaterThan(6000);
    for (const m of sent) expect(m.text!.length).toBeLessThanOrEqual(4096);
    expect(sent[1]!.text!.startsWith('Team 3')).toBe(true);
    expect(sent[0]!.reply_markup).toBeUndefined();
    expect(sent[1]!.reply_markup).toBeDefined();
    expect(ref.id).toBe(String(sent[1]!.message_id));
  });

  it('maps 429 to RateLimitedError with retry_after in ms', async () => {
    fake.failNext('sendMessage', { error_code: 429, retry_after: 3 });
    const err = await sender.send({ kind: 'dm', address: 'telegram:501' }, card('x'), { dedupeId: 'r' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(3000);
  });

  it('gives up for good when the user blocked the bot, the chat is gone, or the target is not Telegram', async () => {
    fake.setBlocked(anna);
    const send = (target: Parameters<PlatformSender['send']>[0]) =>
      sender.send(target, card('x'), { dedupeId: 'p' }).catch((e: unknown) => e);
    expect(await send({ kind: 'dm', address: 'telegram:501' })).toBeInstanceOf(PermanentSendError);
    expect(await send({ kind: 'channel', platform: 'telegram', id: '-100999' })).toBeInstanceOf(PermanentSendError);
    expect(await send({ kind: 'dm', address: 'slack:T1:U1' })).toBeInstanceOf(PermanentSendError);
  });

  it('sends an image as a photo with its alt text as caption, and the alt text when the photo is refused', async () => {
    const chart: Message = { summary: 'c', blocks: [{ type: 'image', png: new Uint8Array([137, 80, 78, 71]), alt: 'Leads <up>' }] };
    await sender.send({ kind: 'dm', address: 'telegram:501' }, chart, { dedupeId: 'i1' });
    expect(fake.lastMessage(anna)).toMatchObject({ kind: 'photo', caption: 'Leads <up>' });
    fake.failNext('sendPhoto', { error_code: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' });
    await sender.send({ kind: 'dm', address: 'telegram:501' }, chart, { dedupeId: 'i2' });
    expect(fake.lastMessage(anna)).toMatchObject({ kind: 'text', text: 'Leads <up>' });
  });

  it('keeps callback_data within 64 bytes: a long action goes through the stash', async () => {
    const long: Message = { summary: 's', blocks: [{ type: 'actions', buttons: [{ label: 'Week', action: { id: 'kpi.period', ref: 'team_1a2b3c4d5e6f7a8b', arg: 'превью-за-неделю-и-месяц' } }] }] };
    await sender.send({ kind: 'dm', address: 'telegram:501' }, long, { dedupeId: 's' });
    const data = (fake.lastMessage(anna)!.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]![0]!.callback_data;
    expect(data).toMatch(/^s:tok_/);
    expect(stashed.get(data.slice(2))).toEqual(long.blocks[0]!.type === 'actions' ? long.blocks[0]!.buttons[0]!.action : null);
  });
});
