// The fake Socket Mode against the real client Bolt uses (@slack/socket-mode, reached through
// Bolt's SocketModeReceiver): the handshake, acks, redeliveries, Slack's refreshes, a dropped and
// a silent connection, heartbeats — each as the client really behaves.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SocketModeReceiver } from '@slack/bolt';
import { WebSocket } from 'ws';
import { createFakeSlack, type FakeSlack, type FakeSlackOptions } from './fake-slack.js';
import { recordingLogger } from './recording-logger.js';
import { blockAction, eventCallback, slashCommand } from './requests.js';

const APP_TOKEN = 'xapp-1-A0BATON-1-secret';

type Received = {
  type: string;
  envelope_id?: string;
  retry_attempt?: number;
  retry_reason?: string;
  [k: string]: unknown;
};
type Client = SocketModeReceiver['client'];

describe('fake Socket Mode with the real Socket Mode client', () => {
  let fake: FakeSlack;
  let client: Client;
  let received: Received[];
  const errors: string[] = [];

  async function start(opts: FakeSlackOptions = {}, client_: { clientPingTimeout?: number } = {}) {
    fake = await createFakeSlack({ appTokens: [APP_TOKEN], ...opts });
    // A short ping timeout also shortens the client's reconnect delay (it waits that long).
    const receiver = new SocketModeReceiver({
      appToken: APP_TOKEN,
      logger: recordingLogger(errors),
      clientPingTimeout: client_.clientPingTimeout ?? 600,
      installerOptions: { clientOptions: { slackApiUrl: fake.url } },
    });
    client = receiver.client;
    received = [];
    client.on('ws_message', (data: unknown) => received.push(JSON.parse(String(data)) as Received));
    await client.start();
  }

  const envelopesOfType = (type: string) => received.filter((m) => m.type === type);

  beforeEach(() => {
    errors.length = 0;
  });
  afterEach(async () => {
    await client.disconnect();
    await fake.close();
  });

  it('opens a connection with the app-level token, says hello like Slack, and is acknowledged by envelope_id', async () => {
    await start();
    const open = fake.calls('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe(APP_TOKEN);
    expect(open[0]!.response.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[\w-]+&app_id=A0BATON$/);
    expect(received[0]).toEqual({
      type: 'hello',
      num_connections: 1,
      debug_info: { host: 'applink-fake-1', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: 'A0BATON' },
    });

    const seen: unknown[] = [];
    client.on(
      'slash_commands',
      async ({ ack, body }: { ack: (r?: object) => Promise<void>; body: unknown }) => {
        seen.push(body);
        await ack({ text: 'On it' });
      },
    );
    const payload = slashCommand(fake, { command: '/lead', text: 'Acme', user_id: 'U1', channel_id: 'C1' });
    const delivery = fake.socket.deliver('command', payload);
    const ack = await delivery.acked();
    expect(seen).toEqual([payload]);
    expect(ack.payload).toEqual({ text: 'On it' });
    expect(envelopesOfType('slash_commands')[0]).toEqual({
      envelope_id: delivery.envelopeId,
      payload,
      type: 'slash_commands',
      accepts_response_payload: true,
    });
    expect(delivery.record.state).toBe('acked');
    fake.expectNoViolations();
  });

  it('refuses other tokens where Slack does, and each URL works once', async () => {
    await start();
    const post = (method: string, token: string) =>
      fetch(`${fake.url}${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).then(
        (r) => r.json() as Promise<{ ok: boolean; error?: string; url?: string }>,
      );
    expect(await post('apps.connections.open', 'xoxb-bot')).toEqual({
      ok: false,
      error: 'not_allowed_token_type',
    });
    expect(await post('apps.connections.open', 'xapp-1-other')).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await post('chat.postMessage', APP_TOKEN)).toEqual({ ok: false, error: 'not_allowed_token_type' });
    const body = await fetch(`${fake.url}apps.connections.open`, {
      method: 'POST',
      body: new URLSearchParams({ token: APP_TOKEN }),
    }).then((r) => r.json());
    expect(body).toEqual({ ok: false, error: 'invalid_auth' });

    // The ticket the client used is spent: a second upgrade with it is refused.
    const used = fake.calls('apps.connections.open')[0]!.response.url as string;
    const status = await new Promise<number | undefined>((resolve) => {
      const ws = new WebSocket(used);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(401);
  });

  it('delivers an unacknowledged envelope again with retry_attempt and retry_reason, and gives up after the retries', async () => {
    await start({ socketMode: { ackTimeoutMs: 150, retryDelaysMs: [0, 50] } });
    const event = eventCallback(fake, { type: 'app_home_opened', user: 'U1', tab: 'home', channel: 'D1' });
    const delivery = fake.socket.deliver('event', event);
    await expect(delivery.acked(5000)).rejects.toThrow(/never acknowledged/);
    expect(
      envelopesOfType('events_api').map((m) => [m.envelope_id, m.retry_attempt, m.retry_reason]),
    ).toEqual([
      [delivery.envelopeId, 0, ''],
      [delivery.envelopeId, 1, 'timeout'],
      [delivery.envelopeId, 2, 'timeout'],
    ]);
    expect(delivery.record.state).toBe('failed');

    // A late ack of a redelivered click still counts; the retry fields appear on the retry only.
    let first = true;
    client.on('interactive', async ({ ack }: { ack: () => Promise<void> }) => {
      if (first) first = false;
      else await ack();
    });
    const click = fake.socket.deliver(
      'interaction',
      blockAction(fake, { user: 'U1', channel: 'C1', actions: [{ action_id: 'x' }] }),
    );
    await click.acked();
    const clicks = envelopesOfType('interactive');
    expect(clicks[0]).not.toHaveProperty('retry_attempt');
    expect(clicks[1]).toMatchObject({
      retry_attempt: 1,
      retry_reason: 'timeout',
      accepts_response_payload: false,
    });
    fake.expectNoViolations();
  });

  it('refresh_requested: the client closes, reconnects on a fresh URL, and gets what was sent meanwhile', async () => {
    await start();
    fake.socket.disconnect('refresh_requested');
    // Sent while the app has no usable connection: queued for the next hello.
    const delivery = fake.socket.deliver(
      'command',
      slashCommand(fake, { command: '/kpi', user_id: 'U1', channel_id: 'C1' }),
    );
    client.on('slash_commands', ({ ack }: { ack: () => Promise<void> }) => ack());
    await fake.socket.waitForHello(2);
    await delivery.acked();
    const [first, second] = fake.socket.connections();
    expect(first).toMatchObject({ closedBy: 'app', closeCode: 1000 });
    expect(second!.closedAt).toBeUndefined();
    expect(delivery.record.deliveries.map((d) => d.connection)).toEqual([2]);
    expect(fake.calls('apps.connections.open')).toHaveLength(2);
    expect(received.filter((m) => m.type === 'disconnect')).toEqual([
      { type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'applink-fake-1' } },
    ]);
    fake.expectNoViolations();
  });

  it('a connection dropped without a word: the client reconnects and the lost envelope is delivered again', async () => {
    await start({ socketMode: { ackTimeoutMs: 300 } });
    let acks = 0;
    client.on('slash_commands', async ({ ack }: { ack: () => Promise<void> }) => {
      if (fake.socket.connections().length === 1) {
        fake.socket.drop(); // the ack below then has no socket to go on
        await ack().catch(() => undefined);
      } else {
        acks += 1;
        await ack();
      }
    });
    const delivery = fake.socket.deliver(
      'command',
      slashCommand(fake, { command: '/kpi', user_id: 'U1', channel_id: 'C1' }),
    );
    await fake.socket.waitForHello(2);
    await delivery.acked();
    expect(fake.socket.connections()[0]).toMatchObject({ closedBy: 'dropped' });
    // (A slow machine may ack the redelivery late and get a third one; the first two are the point.)
    expect(delivery.record.deliveries.slice(0, 2).map((d) => [d.connection, d.attempt])).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(acks).toBeGreaterThanOrEqual(1);
  });

  it('a connection gone silent (half-open): the client misses its pongs, gives up on it and reconnects', async () => {
    // Retries every 300 ms for 6 s: the client needs a missed pong and its reconnect delay first.
    await start({ socketMode: { ackTimeoutMs: 300, retryDelaysMs: Array<number>(20).fill(0) } });
    await fake.socket.waitFor(
      () => (fake.socket.connections()[0]!.pingsReceived > 0 ? true : undefined),
      'a ping',
    );
    fake.socket.stall();
    client.on('slash_commands', ({ ack }: { ack: () => Promise<void> }) => ack());
    const delivery = fake.socket.deliver(
      'command',
      slashCommand(fake, { command: '/kpi', user_id: 'U1', channel_id: 'C1' }),
    );
    await fake.socket.waitForHello(2, 15_000);
    await delivery.acked(15_000);
    expect(delivery.record.deliveries[0]).toMatchObject({ connection: 1, written: false });
    expect(delivery.record.deliveries.at(-1)).toMatchObject({ connection: 2, written: true });
    expect(errors.join('\n')).not.toMatch(/unhandled/i);
  });

  it('heartbeats both ways: the client pings and answers the fake’s pings', async () => {
    await start({ socketMode: { pingIntervalMs: 100 } });
    const conn = await fake.socket.waitFor(
      () => fake.socket.connections().find((c) => c.pingsReceived >= 2 && c.pongsReceived >= 2),
      'pings both ways',
    );
    expect(conn.id).toBe(1);
  });

  it('records what Slack would not take back: unknown envelopes, non-JSON, answers where none is read', async () => {
    await start();
    const ws = new WebSocket(fake.socket.issueUrl());
    await new Promise((r) => ws.once('open', r));
    // A block_actions envelope does not accept a response payload: Slack drops it.
    client.on('interactive', ({ ack }: { ack: (r?: object) => Promise<void> }) => ack({ text: 'ignored' }));
    ws.send(JSON.stringify({ envelope_id: 'nope', payload: {} }));
    ws.send('not json');
    const click = fake.socket.deliver(
      'interaction',
      blockAction(fake, { user: 'U1', channel: 'C1', actions: [{ action_id: 'x' }] }),
    );
    await click.acked();
    ws.close();
    await fake.socket.waitFor(() => (fake.violations.length >= 3 ? true : undefined), 'three violations');
    expect(fake.violations.map((v) => [v.method, v.error])).toEqual(
      expect.arrayContaining([
        ['socket_mode', 'unknown_envelope'],
        ['socket_mode', 'invalid_message'],
        ['socket_mode', 'unexpected_payload'],
      ]),
    );
  });
});
