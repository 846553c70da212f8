// How Baton keeps its Socket Mode connection up, against the fake Socket Mode server and the real
// client: retries with a doubling back-off while Slack fails, gives up on a handshake that never
// says hello, and stops for good on a refused token. Timings are shortened; the loop is the same.
import { afterEach, describe, expect, it } from '@jest/globals';
import { createSocketConnection, type SocketConnection } from '../../../src/chat/slack/socket-connection.js';
import { createLogger } from '../../../src/logger.js';
import {
  createFakeSlack,
  recordingLogger,
  type FakeSlack,
  type FakeSlackOptions,
} from '../../fakes/slack/index.js';

// A generous hello timeout: a loaded machine must not turn a slow hello into an extra retry.
const TIMING = { helloTimeoutMs: 10_000, backoffMs: 50, maxBackoffMs: 100 };

describe('the Socket Mode connection', () => {
  let fake: FakeSlack;
  let socket: SocketConnection;
  let logs: Record<string, unknown>[];

  async function connect(opts: FakeSlackOptions, appToken = 'xapp-1-test', timing = TIMING) {
    fake = await createFakeSlack({ appTokens: ['xapp-1-test'], ...opts });
    logs = [];
    socket = createSocketConnection({
      appToken,
      apiUrl: fake.url,
      logger: recordingLogger(),
      log: createLogger({
        level: 'info',
        destination: { write: (s: string) => void logs.push(JSON.parse(s) as Record<string, unknown>) },
      }),
      timing,
    });
  }
  const retries = () => logs.filter((l) => l.msg === 'slack socket: could not connect; retrying');

  afterEach(async () => {
    await socket.stop();
    await fake.close();
  });

  it('start-up waits out a failing apps.connections.open with a doubling, capped back-off', async () => {
    await connect({});
    fake.failNext('apps.connections.open', { status: 503, times: 2 });
    fake.failNext('apps.connections.open', { status: 200, error: 'internal_error' });
    await socket.start();
    expect(retries().map((l) => l.retryInMs)).toEqual([50, 100, 100]);
    expect(fake.socket.connections()).toHaveLength(1);
    expect(logs.at(-1)).toMatchObject({ msg: 'slack socket connected', attempts: 4 });
  });

  it('abandons a connection that never says hello and opens another', async () => {
    await connect({ socketMode: { hello: false } }, 'xapp-1-test', { ...TIMING, helloTimeoutMs: 300 });
    const started = socket.start();
    await fake.socket.waitFor(
      () =>
        fake.socket.connections().filter((c) => c.closedAt !== undefined).length >= 2 ? true : undefined,
      'two abandoned connections',
    );
    expect(retries()[0]!.err).toMatchObject({ message: 'no hello within 300 ms' });
    await socket.stop();
    await started;
    expect(fake.socket.connections().every((c) => c.closedBy === 'app')).toBe(true);
  });

  it('stops start-up with a coded error when Slack refuses the app-level token', async () => {
    await connect({}, 'xapp-1-revoked');
    await expect(socket.start()).rejects.toMatchObject({
      code: 'SLACK_APP_TOKEN_REFUSED',
      message: expect.stringContaining('Slack refused SLACK_APP_TOKEN (invalid_auth)') as unknown,
    });
    expect(retries()).toEqual([]);
  });
});
