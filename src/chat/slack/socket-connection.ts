import { SocketModeReceiver, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import { slackBodyProblem } from './request-shape.js';

/** How the connection is kept up. */
export type SocketTiming = {
  /** A connection that has not said `hello` by then is abandoned and opened again. */
  helloTimeoutMs: number;
  /** The first retry after a failed attempt; doubled each time up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
};

export const SOCKET_TIMING: SocketTiming = { helloTimeoutMs: 10_000, backoffMs: 1000, maxBackoffMs: 30_000 };

/** Slack refused the app-level token: no retry can help (what @slack/socket-mode also gives up on). */
const REFUSED_TOKEN = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'user_removed_from_team',
  'team_disabled',
  'not_allowed_token_type',
]);

function refusedToken(err: unknown): string | undefined {
  const code = (err as { data?: { error?: unknown } } | null)?.data?.error;
  return typeof code === 'string' && REFUSED_TOKEN.has(code) ? code : undefined;
}

/** Slack refused the app-level token at start-up: a configuration problem, not an outage. */
export class SlackTokenRefusedError extends Error {
  readonly code = 'SLACK_APP_TOKEN_REFUSED';
  constructor(reason: string, cause: unknown) {
    super(
      `Slack refused SLACK_APP_TOKEN (${reason}): check the app-level token and its connections:write scope`,
      {
        cause,
      },
    );
    this.name = 'SlackTokenRefusedError';
  }
}

/** A Socket Mode ack that found no open connection: Slack delivers the envelope again. */
export function isSocketGone(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('slack_socket_mode_');
}

export type SocketConnection = {
  readonly receiver: SocketModeReceiver;
  /** Connects (retrying until Slack answers); rejects only when Slack refuses the app token. */
  start(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * The Socket Mode connection. Bolt's client reconnects by itself, but it waits 5 s before each
 * attempt (events pile up meanwhile), and a reconnect whose `apps.connections.open` fails for good
 * ends in an unhandled rejection and no connection ever after. So its own reconnect is off and this
 * keeps the connection up: again at once after Slack's `disconnect` or a dropped socket, then with
 * a doubling back-off while Slack cannot be reached; a handshake without `hello` is abandoned.
 * Envelopes that were in flight when a connection went are delivered again by Slack; the inbound
 * journal recognises them.
 */
export function createSocketConnection(deps: {
  appToken: string;
  apiUrl?: string;
  logger: BoltLogger;
  log: Logger;
  timing?: SocketTiming;
}): SocketConnection {
  const { log } = deps;
  const timing = deps.timing ?? SOCKET_TIMING;
  const receiver = new SocketModeReceiver({
    appToken: deps.appToken,
    logger: deps.logger,
    autoReconnectEnabled: false,
    installerOptions: {
      // One try per attempt: the back-off below decides when to try again.
      clientOptions: { retryConfig: { retries: 0 }, ...(deps.apiUrl ? { slackApiUrl: deps.apiUrl } : {}) },
    },
    processEventErrorHandler: ({ error, event }) => {
      // Bolt acks events itself before the listeners run; with the socket gone that ack fails, the
      // listeners never ran, and Slack delivers the event again on the next connection.
      if (isSocketGone(error))
        log.warn({ type: event.body?.type }, 'slack: socket closed before the ack; Slack will redeliver');
      else log.error({ err: error, type: event.body?.type }, 'slack: socket event failed');
      return Promise.resolve(false);
    },
  });
  const client = receiver.client;
  refuseMalformedEnvelopes(client, log);
  let stopped = false;
  let isConnected = false;
  let attempts = 0;
  let wake: (() => void) | undefined;
  let running: Promise<void> | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  // The close handshake can take long when the peer never completes it: do not wait for it.
  const disconnectQuickly = () =>
    Promise.race([client.disconnect(), new Promise((r) => setTimeout(r, 1000).unref())]);

  /** One attempt: a URL from apps.connections.open, the WebSocket, then Slack's `hello`. */
  async function connectOnce(): Promise<void> {
    const started = client.start();
    // A late rejection (the attempt was abandoned) must not become an unhandled one.
    started.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const noHello = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no hello within ${timing.helloTimeoutMs} ms`)),
        timing.helloTimeoutMs,
      );
    });
    try {
      await Promise.race([started.then(() => undefined), noHello]);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('no hello')) await disconnectQuickly();
      // The client rejects with nothing when the connection closed before `hello`.
      throw err instanceof Error ? err : new Error('the connection closed before hello', { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  async function keepConnected(): Promise<void> {
    while (!stopped) {
      try {
        await connectOnce();
        if (stopped) return;
        isConnected = true;
        log.info({ attempts: attempts + 1 }, 'slack socket connected');
        attempts = 0;
        return;
      } catch (err) {
        if (stopped) return;
        const refused = refusedToken(err);
        if (refused) throw new SlackTokenRefusedError(refused, err);
        attempts += 1;
        const waitMs = Math.min(timing.maxBackoffMs, timing.backoffMs * 2 ** (attempts - 1));
        log.warn({ err, attempt: attempts, retryInMs: waitMs }, 'slack socket: could not connect; retrying');
        await pause(waitMs);
      }
    }
  }

  function reconnect(): void {
    running = keepConnected().catch((err: unknown) => {
      log.error({ err }, 'slack socket: cannot reconnect; Slack stays offline until Baton restarts');
    });
  }

  // With its own reconnect off, the client says `disconnected` when a live connection ends
  // (Slack's refresh, a drop, a missed pong) — and when an attempt fails, which the loop handles.
  client.on('disconnected', () => {
    if (stopped || !isConnected) return;
    isConnected = false;
    // Routine: Slack refreshes connections every few hours. Failing reconnects are warnings.
    log.info('slack socket closed; reconnecting');
    reconnect();
  });

  return {
    receiver,
    async start() {
      stopped = false;
      await keepConnected();
    },
    async stop() {
      stopped = true;
      isConnected = false;
      wake?.();
      await disconnectQuickly();
      await running;
    },
  };
}

/** The envelope types that carry a payload for Bolt. */
const PAYLOAD_ENVELOPES = new Set(['slash_commands', 'interactive', 'events_api']);

type SocketClient = SocketModeReceiver['client'];

/**
 * Socket Mode's side of the HTTP gate (request-gate.ts): an envelope whose payload is not what
 * Slack sends is acknowledged (Slack would deliver it again) and logged, and never reaches the
 * client — which reads `payload.event.type` unchecked and would reject with nobody listening —
 * nor Bolt, which reads payloads unchecked too. Everything else goes on as it came.
 */
function refuseMalformedEnvelopes(client: SocketClient, log: Logger): void {
  const handlers = client.listeners('ws_message') as ((data: unknown, isBinary: boolean) => unknown)[];
  client.removeAllListeners('ws_message');
  // The client's own acknowledgement (private in its types; the one way to answer an envelope).
  const send = (client as unknown as { send(id: string, body?: object): Promise<void> }).send.bind(client);
  client.on('ws_message', (data: unknown, isBinary: boolean) => {
    const envelope = isBinary ? undefined : parseEnvelope(data);
    const problem = envelope && slackBodyProblem(envelope.payload);
    if (envelope && problem) {
      log.warn({ type: envelope.type, reason: `not a Slack payload: ${problem}` }, 'slack: envelope refused');
      send(envelope.envelope_id, {}).catch((err: unknown) =>
        log.warn({ err }, 'slack: could not acknowledge a refused envelope'),
      );
      return;
    }
    for (const handler of handlers) void handler.call(client, data, isBinary);
  });
}

function parseEnvelope(data: unknown): { envelope_id: string; type: string; payload: unknown } | undefined {
  let text: string;
  if (typeof data === 'string') text = data;
  else if (data instanceof ArrayBuffer || data instanceof Uint8Array) text = new TextDecoder().decode(data);
  else return undefined;
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return undefined; // the client ignores what it cannot parse
  }
  const m = message as { envelope_id?: unknown; type?: unknown; payload?: unknown } | null;
  if (!m || typeof m.envelope_id !== 'string' || typeof m.type !== 'string') return undefined;
  if (!PAYLOAD_ENVELOPES.has(m.type)) return undefined;
  return { envelope_id: m.envelope_id, type: m.type, payload: m.payload };
}
