// Update delivery (getUpdates offsets and conflicts, webhook re-delivery) and rate limits.
import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegram } from 'telegraf';
import { createFakeTelegram, type FakeTelegram, type FakeTelegramOptions } from './fake-telegram.js';
import { DEFAULT_RATE_LIMITS, RateLimiter } from './rate-limiter.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function startFake(opts?: FakeTelegramOptions): Promise<{ fake: FakeTelegram; tg: Telegram }> {
  const fake = await createFakeTelegram(opts);
  cleanup.push(() => fake.close());
  return { fake, tg: new Telegram(fake.token, { apiRoot: fake.apiRoot }) };
}

async function startWebhookServer(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

const errorOf = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => 'ok',
    (e: { response?: unknown }) => e.response,
  );

describe('getUpdates', () => {
  it('keeps updates until an offset confirms them; a negative offset keeps the last ones', async () => {
    const { fake, tg } = await startFake();
    const ids = [1, 2, 3, 4].map((n) => fake.enqueueUpdate({ message: { text: `m${n}` } }).update_id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const poll = (params: { offset?: number; limit?: number }) =>
      tg.callApi('getUpdates', params).then((us) => us.map((u) => u.update_id));
    expect(await poll({ limit: 2 })).toEqual(ids.slice(0, 2));
    expect(await poll({ limit: 2 })).toEqual(ids.slice(0, 2)); // not confirmed yet
    expect(await poll({ offset: ids[1]! + 1 })).toEqual(ids.slice(2));
    expect(await poll({ offset: -1 })).toEqual(ids.slice(3));
    expect(fake.pendingUpdates().map((u) => u.update_id)).toEqual(ids.slice(3));
  });

  it('ends the older of two concurrent polls with 409, as Telegram does', async () => {
    const { fake, tg } = await startFake();
    const older = errorOf(tg.callApi('getUpdates', { timeout: 30 }));
    await fake.waitForPolling();
    const newer = tg.callApi('getUpdates', { timeout: 30 });
    expect(await older).toEqual({
      ok: false,
      error_code: 409,
      description:
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
    fake.enqueueUpdate({ message: { text: 'for the newer' } });
    expect(await newer).toHaveLength(1);
  });

  it('can refuse the newer poll instead, and refuses polling while a webhook is set', async () => {
    const { fake, tg } = await startFake({ pollConflict: 'reject-newer' });
    const held = tg.callApi('getUpdates', { timeout: 30 });
    await fake.waitForPolling();
    expect(await errorOf(tg.callApi('getUpdates', { timeout: 30 }))).toMatchObject({ error_code: 409 });
    await tg.setWebhook('http://127.0.0.1:9/hook');
    expect(await held).toEqual([]); // setWebhook ends the held poll
    expect(await errorOf(tg.callApi('getUpdates', {}))).toMatchObject({
      error_code: 409,
      description: expect.stringContaining('webhook is active'),
    });
    expect(await tg.getWebhookInfo()).toMatchObject({
      url: 'http://127.0.0.1:9/hook',
      pending_update_count: 0,
    });
    fake.expectNoViolations();
  });
});

describe('webhook delivery', () => {
  it('re-delivers on non-2xx with backoff and records every attempt', async () => {
    const { fake, tg } = await startFake({ webhook: { retryDelaysMs: [10, 10, 10] } });
    let calls = 0;
    const received: { secret: unknown; body: string }[] = [];
    const url = await startWebhookServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += String(c)));
      req.on('end', () => {
        received.push({ secret: req.headers['x-telegram-bot-api-secret-token'], body });
        res.writeHead(++calls <= 2 ? 500 : 200).end();
      });
    });
    await tg.setWebhook(url, { secret_token: 'abc' });
    const update = fake.enqueueUpdate({ message: { text: 'hi' } });
    await fake.waitForDelivery((d) => d.status === 200);
    expect(fake.deliveries.map((d) => [d.update_id, d.attempt, d.status])).toEqual([
      [update.update_id, 1, 500],
      [update.update_id, 2, 500],
      [update.update_id, 3, 200],
    ]);
    expect(
      received.every((r) => r.secret === 'abc' && JSON.parse(r.body).update_id === update.update_id),
    ).toBe(true);
    expect(await tg.getWebhookInfo()).toMatchObject({
      pending_update_count: 0,
      last_error_message: 'Wrong response from the webhook: 500',
    });
  });

  it('gives up after the last retry when the webhook cannot be reached', async () => {
    const { fake, tg } = await startFake({ webhook: { retryDelaysMs: [5] } });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r)); // the port now refuses connections
    await tg.setWebhook(`http://127.0.0.1:${port}/hook`);
    fake.enqueueUpdate({ message: { text: 'lost' } });
    await fake.waitForDelivery((d) => d.attempt === 2);
    expect(fake.deliveries.map((d) => [d.status, d.error])).toEqual([
      ['error', 'ECONNREFUSED'],
      ['error', 'ECONNREFUSED'],
    ]);
    expect(fake.pendingUpdates()).toEqual([]); // dropped after the last attempt
  });
});

describe('rate limits', () => {
  it('allows a small burst per private chat, then 429 with retry_after', async () => {
    // A slow refill keeps the test independent of how fast a loaded machine sends.
    const { fake, tg } = await startFake({ rateLimits: { perPrivateChatPerSecond: 0.2 } });
    const amy = fake.user({ id: 1, first_name: 'Amy' });
    for (const n of [1, 2, 3]) await tg.sendMessage(amy.id, `m${n}`);
    expect(await errorOf(tg.sendMessage(amy.id, 'm4'))).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 5',
      parameters: { retry_after: 5 },
    });
    expect(fake.stats.served429).toBe(1);
    expect(fake.messagesIn(amy)).toHaveLength(3);
  });

  it('limits a group per minute', async () => {
    const { fake, tg } = await startFake({ rateLimits: { perGroupPerMinute: 5 } });
    const team = fake.group({ id: -7, title: 'Team' });
    for (let n = 0; n < 5; n++) await tg.sendMessage(team.id, `g${n}`);
    expect(await errorOf(tg.sendMessage(team.id, 'g5'))).toMatchObject({ parameters: { retry_after: 12 } });
    const other = fake.group({ id: -8, title: 'Other team' });
    expect(await tg.sendMessage(other.id, 'each group has its own budget')).toMatchObject({ message_id: 1 });
  });

  it('limits the bot overall per second, refilling with time (limiter on a given clock)', () => {
    const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMITS, perBotPerSecond: 3 });
    const t0 = 1_000_000;
    expect([1, 2, 3, 4].map((chat) => limiter.take('sendMessage', 'bot', chat, false, t0))).toEqual([
      0, 0, 0, 1,
    ]);
    expect(limiter.take('sendMessage', 'bot', 4, false, t0 + 340)).toBe(0); // a third of a second refills one
    expect(limiter.take('getMe', 'bot', 4, false, t0 + 340)).toBe(0); // only messages count
    expect(limiter.take('sendMessage', 'bot', 1, false, t0 + 340)).toBe(1);
  });
});

describe('reset', () => {
  it('forgets chats, calls and queued updates but keeps counting update_ids', async () => {
    const { fake, tg } = await startFake();
    const first = fake.enqueueUpdate({ message: { text: 'a' } });
    fake.user({ id: 1, first_name: 'Amy' });
    await tg.sendMessage(1, 'hello');
    fake.reset();
    expect([fake.calls(), fake.messagesIn(1), fake.pendingUpdates()]).toEqual([[], [], []]);
    expect(fake.enqueueUpdate({ message: { text: 'b' } }).update_id).toBeGreaterThan(first.update_id);
    await expect(fake.waitForCall('sendMessage', () => true, 50)).rejects.toThrow(
      /timed out after 50 ms waiting for a matching sendMessage call/,
    );
  });
});
