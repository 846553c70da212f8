// What reaches the Telegram webhook besides well-formed updates, through the real adapter (telegraf
// behind our HTTP server) and the fake Bot API: bodies that are not updates are answered 200 (so
// Telegram does not deliver them again), logged once and never journalled; a body that arrives in
// pieces split inside a character is decoded from all its bytes at once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { connect } from 'node:net';
import type { FakeUser } from '../../fakes/telegram/fake-telegram.js';
import { eventually, say, SECRET, startHarness, type Harness } from './harness.js';

let h: Harness;
const vera: FakeUser = {
  id: 3001,
  is_bot: false,
  first_name: 'Вера',
  username: 'vera_tg',
  language_code: 'ru',
};
const journal = () => h.node.conn.collection<{ _id: string; request: { text?: string } }>('inbound_journal');

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook' });
  h.fake.user(vera);
});
afterAll(() => h?.close());

/** POSTs `pieces` as one body, each piece written on its own after a pause (its own TCP segment). */
async function postInPieces(url: string, pieces: Buffer[]): Promise<number> {
  const target = new URL(url);
  const socket = connect(Number(target.port), target.hostname);
  socket.setNoDelay(true);
  await once(socket, 'connect');
  const length = pieces.reduce((n, p) => n + p.length, 0);
  socket.write(
    `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${length}\r\nX-Telegram-Bot-Api-Secret-Token: ${SECRET}\r\nConnection: close\r\n\r\n`,
  );
  let answer = '';
  socket.setEncoding('latin1').on('data', (d: string) => (answer += d));
  // The answer may come (and the connection close) during the pause after the last piece.
  const ended = once(socket, 'end');
  for (const piece of pieces) {
    await new Promise((r) => socket.write(piece, r));
    // The peer reads each piece on its own only if the next one is not already there.
    await new Promise((r) => setTimeout(r, 30));
  }
  await ended;
  return Number(answer.split(' ')[1]);
}

describe('the Telegram webhook', () => {
  it('answers bodies that are not updates with 200, logs each once, and journals nothing', async () => {
    const seen = h.node.logs.length;
    const message = { message_id: 1, date: 1_700_000_000, from: vera, text: '/start' };
    const bodies: unknown[] = [
      null,
      [],
      42,
      '"update"',
      {},
      { update_id: 900_001 },
      { update_id: 900_002, message }, // no chat
      { update_id: 900_003, message: null },
      { update_id: 900_004, callback_query: { id: 'q1', data: 'x' } }, // no sender
      { update_id: 'one', message: { ...message, chat: { id: vera.id, type: 'private' } } },
      { update_id: 900_005, message: { ...message, chat: { id: 'x', type: 'private' } } },
    ];
    for (const body of bodies) {
      const answer = await h.fake.deliverRaw(h.node.url, body, { secret: SECRET });
      expect({ body, status: answer.status }).toEqual({ body, status: 200 });
    }
    const ignored = h.node.logs.slice(seen).filter((r) => r.msg === 'telegram: not an update; ignored');
    expect(ignored).toHaveLength(bodies.length);
    expect(h.errors()).toEqual([]);
    expect(await journal().countDocuments()).toBe(0);
    expect(h.fake.calls('sendMessage')).toEqual([]);

    // Not JSON at all: refused, also without a trace in the journal.
    expect((await h.fake.deliverRaw(h.node.url, '{"update_id": 1, "mess', { secret: SECRET })).status).toBe(
      400,
    );
    expect(await journal().countDocuments()).toBe(0);
    await say(h, vera, '/start', /.+/);
  });

  it('decodes a body split inside Cyrillic letters, a three-byte sign and an emoji from all its bytes', async () => {
    const texts = ['/lead Рога и Копыта; Пётр', '/lead € Euro Ltd; ₽ rubles', '/lead 😀 Smile Co; 👍🏽 ok'];
    const updateIds: number[] = [];
    for (const [i, text] of texts.entries()) {
      const update = {
        update_id: 910_000 + i,
        message: {
          message_id: 100 + i,
          date: 1_700_000_000,
          from: vera,
          chat: { id: vera.id, type: 'private', first_name: vera.first_name },
          text,
        },
      };
      updateIds.push(update.update_id);
      const bytes = Buffer.from(JSON.stringify(update), 'utf8');
      // Cut inside the first character of each width (2, 3 and 4 bytes), at every inner byte.
      const cuts: number[] = [];
      const widths = new Set<number>();
      for (let at = 0; at < bytes.length; at++) {
        const lead = bytes[at]!;
        const width = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
        if (width > 1 && !widths.has(width)) {
          widths.add(width);
          for (let k = 1; k < width; k++) cuts.push(at + k);
        }
      }
      cuts.sort((a, b) => a - b);
      expect(cuts.length).toBeGreaterThan(0);
      const pieces = [0, ...cuts].map((from, k) => bytes.subarray(from, cuts[k] ?? bytes.length));
      expect(await postInPieces(h.node.url, pieces)).toBe(200);
    }
    const stored = await eventually(async () => {
      const entries = await journal()
        .find({ _id: { $in: updateIds.map((id) => `telegram:123456:${id}`) } })
        .sort({ _id: 1 })
        .toArray();
      return entries.length === texts.length ? entries : undefined;
    }, 'every update journalled');
    expect(stored.map((e) => e.request.text)).toEqual(texts);
    expect(h.errors()).toEqual([]);
  }, 90_000);
});
