// Slack's Socket Mode, faked on the fake's own port: `apps.connections.open` (app-level token)
// hands out a single-use `ws://127.0.0.1:PORT/link/?ticket=…` URL; a connection gets `hello`
// (num_connections, debug_info, connection_info), Slack's pings, and envelopes to acknowledge
// (socket-envelopes.ts). Tests can ask for a refresh (`disconnect` with `refresh_requested` or
// `warning`), drop a connection without a word, or let it go silent (half-open: no pongs, nothing
// arrives either way).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RequestKind } from './requests.js';
import {
  createEnvelopes,
  ENVELOPE_TYPE,
  SLACK_RETRY_DELAYS_MS,
  type EnvelopeAck,
  type DeliverOptions,
  type EnvelopeRecord,
  type SocketProblem,
} from './socket-envelopes.js';

export type { DeliverOptions, EnvelopeAck, EnvelopeRecord };

export interface SocketModeOptions {
  /** How long Slack waits for an ack before delivering again. Default 3000 ms. */
  ackTimeoutMs?: number;
  /** Delays of the redeliveries after an unacked envelope. Default Slack's: 0, 1 min, 5 min. */
  retryDelaysMs?: number[];
  /** How often the fake pings each connection (Slack does; the client then expects it). Default 5000 ms. */
  pingIntervalMs?: number;
  /** How long a URL from apps.connections.open can be used. Default 30 s. */
  ticketTtlMs?: number;
  /** False: accept connections but never say hello (a stuck handshake). Default true. */
  hello?: boolean;
}

/** One WebSocket connection, as the fake saw it. */
export interface SocketConnection {
  id: number;
  /** `debug_info.host` in its hello. */
  host: string;
  openedAt: number;
  helloAt?: number;
  /** Set once a `disconnect` message was sent: no more envelopes go to it. */
  refreshRequestedAt?: number;
  /** Half-open: nothing is answered, written or read. */
  stalled: boolean;
  closedAt?: number;
  /** Who ended it: the app (close frame), the fake (close frame), or the fake without a word. */
  closedBy?: 'app' | 'fake' | 'dropped';
  closeCode?: number;
  /** Pings the app sent (the client pings every clientPingTimeout / 3). */
  pingsReceived: number;
  /** Answers to the fake's pings. */
  pongsReceived: number;
}

/** What `deliver` returns. */
export interface Delivery {
  readonly envelopeId: string;
  readonly record: EnvelopeRecord;
  /** Resolves with the first ack; rejects after `timeoutMs` (default 10 s) or when every retry failed. */
  acked(timeoutMs?: number): Promise<EnvelopeAck>;
}

export interface FakeSocketMode {
  /** Every connection so far, oldest first. */
  connections(): readonly SocketConnection[];
  /** Every envelope so far, oldest first. */
  envelopes(): readonly EnvelopeRecord[];
  /**
   * Sends a payload as Slack would over Socket Mode (`command` → slash_commands, `interaction` →
   * interactive, `event` → events_api): now on a live connection, else after the next hello.
   */
  deliver(kind: RequestKind, payload: object, stage?: DeliverOptions): Delivery;
  /** Resolves with the `n`th connection (1-based, counting all so far) once it got its hello. */
  waitForHello(n?: number, timeoutMs?: number): Promise<SocketConnection>;
  /** Resolves once `find` returns something; re-checked on every change. */
  waitFor<T>(find: () => T | undefined, what: string, timeoutMs?: number): Promise<T>;
  /** Sends `{type: 'disconnect', reason}` on every live connection; after `refresh_requested` nothing more is delivered there, and the fake closes it after `closeAfterMs` (default 10 s) if the app has not. */
  disconnect(
    reason?: 'refresh_requested' | 'warning' | 'link_disabled',
    opts?: { closeAfterMs?: number },
  ): void;
  /** Ends every live connection without a close frame (the TCP connection just goes). */
  drop(): void;
  /** Every live connection goes silent: no pongs, no pings, nothing written, nothing read. */
  stall(): void;
  /** The URL `apps.connections.open` answers with (a fresh single-use ticket). */
  issueUrl(): string;
  /** Forgets envelopes (and their redeliveries) and closed connections. */
  reset(): void;
  close(): Promise<void>;
}

type Live = { info: SocketConnection; ws: WebSocket; timers: NodeJS.Timeout[] };

export function createSocketMode(
  server: Server,
  deps: { origin: string; appId: string; problem: (p: SocketProblem) => void },
  opts: SocketModeOptions = {},
): FakeSocketMode {
  const wss = new WebSocketServer({ noServer: true, autoPong: false });
  const tickets = new Map<string, number>();
  const ticketTtlMs = opts.ticketTtlMs ?? 30_000;
  const pingIntervalMs = opts.pingIntervalMs ?? 5000;
  let all: SocketConnection[] = [];
  const live = new Map<number, Live>();
  let nextId = 1;
  let waiters: (() => void)[] = [];
  const changed = () => {
    for (const w of [...waiters]) w();
  };

  const envelopes = createEnvelopes(
    { ackTimeoutMs: opts.ackTimeoutMs ?? 3000, retryDelaysMs: opts.retryDelaysMs ?? SLACK_RETRY_DELAYS_MS },
    {
      ready: () =>
        [...live.values()]
          .filter((c) => c.info.helloAt !== undefined && c.info.refreshRequestedAt === undefined)
          .map((c) => ({
            id: c.info.id,
            send: (message: string, then?: () => void) => {
              if (c.info.stalled) return false;
              c.ws.send(message, then);
              return true;
            },
          })),
      drop: (id) => {
        const conn = live.get(id);
        if (conn) end(conn, 'dropped');
      },
      changed,
      problem: deps.problem,
    },
  );

  function refuseUpgrade(socket: Duplex, status: string): void {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', deps.origin);
    const ticket = url.searchParams.get('ticket') ?? '';
    const issued = tickets.get(ticket);
    if (url.pathname !== '/link/') return refuseUpgrade(socket, '404 Not Found');
    // Slack's URLs are single-use tickets that expire.
    tickets.delete(ticket);
    if (issued === undefined || Date.now() - issued > ticketTtlMs)
      return refuseUpgrade(socket, '401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function accept(ws: WebSocket): void {
    const id = nextId++;
    const info: SocketConnection = {
      id,
      host: `applink-fake-${id}`,
      openedAt: Date.now(),
      stalled: false,
      pingsReceived: 0,
      pongsReceived: 0,
    };
    const conn: Live = { info, ws, timers: [] };
    all.push(info);
    live.set(id, conn);
    ws.on('ping', (data) => {
      if (info.stalled) return;
      info.pingsReceived += 1;
      ws.pong(data);
      changed();
    });
    ws.on('pong', () => {
      if (info.stalled) return;
      info.pongsReceived += 1;
      changed();
    });
    ws.on('message', (data, isBinary) => {
      if (info.stalled) return;
      if (isBinary) {
        deps.problem({ error: 'invalid_message', problems: ['binary frame'], args: {} });
        return;
      }
      const bytes = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(new Uint8Array(data));
      envelopes.received(id, bytes.toString('utf8'));
    });
    ws.on('close', (code) => {
      info.closedAt = Date.now();
      info.closedBy ??= 'app';
      info.closeCode = code;
      for (const t of conn.timers) clearTimeout(t);
      live.delete(id);
      changed();
    });
    ws.on('error', () => {
      /* a reset connection: 'close' follows */
    });
    conn.timers.push(
      setInterval(() => {
        if (!info.stalled && ws.readyState === ws.OPEN) ws.ping();
      }, pingIntervalMs),
    );
    if (opts.hello !== false) {
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: live.size,
          debug_info: { host: info.host, build_number: 1, approximate_connection_time: 18060 },
          connection_info: { app_id: deps.appId },
        }),
      );
      info.helloAt = Date.now();
      envelopes.flush();
    }
    changed();
  }

  function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        let found: T | undefined;
        try {
          found = find();
        } catch (err) {
          cleanup();
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = all.map(
          (c) => `  #${c.id} hello=${c.helloAt !== undefined} closedBy=${c.closedBy ?? '-'}`,
        );
        reject(
          new Error(
            `fake Socket Mode: no ${what} within ${timeoutMs} ms; connections:\n${seen.join('\n') || '  (none)'}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters = waiters.filter((w) => w !== check);
      };
      waiters.push(check);
      check();
    });
  }

  function end(conn: Live, how: 'fake' | 'dropped'): void {
    conn.info.closedBy = how;
    if (how === 'dropped') conn.ws.terminate();
    else conn.ws.close(1000);
  }

  return {
    connections: () => [...all],
    envelopes: () => [...envelopes.records.values()],
    deliver(kind, payload, stage) {
      const record = envelopes.add(ENVELOPE_TYPE[kind], payload as Record<string, unknown>, stage);
      return {
        envelopeId: record.envelopeId,
        record,
        acked: (timeoutMs = 10_000) =>
          waitFor(
            () => {
              if (record.state === 'failed')
                throw new Error(`envelope ${record.envelopeId} was never acknowledged`);
              return record.acks[0];
            },
            `ack of ${record.type} envelope ${record.envelopeId}`,
            timeoutMs,
          ),
      };
    },
    waitForHello: (n = 1, timeoutMs) =>
      waitFor(() => all.filter((c) => c.helloAt !== undefined)[n - 1], `hello on connection ${n}`, timeoutMs),
    waitFor,
    disconnect(reason = 'refresh_requested', o = {}) {
      for (const conn of live.values()) {
        conn.ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: conn.info.host } }));
        if (reason === 'warning') continue;
        conn.info.refreshRequestedAt = Date.now();
        conn.timers.push(setTimeout(() => end(conn, 'fake'), o.closeAfterMs ?? 10_000));
      }
      changed();
    },
    drop() {
      for (const conn of live.values()) end(conn, 'dropped');
    },
    stall() {
      for (const conn of live.values()) conn.info.stalled = true;
      changed();
    },
    issueUrl() {
      const ticket = randomUUID();
      tickets.set(ticket, Date.now());
      return `${deps.origin.replace(/^http/, 'ws')}/link/?ticket=${ticket}&app_id=${deps.appId}`;
    },
    reset() {
      envelopes.reset();
      all = all.filter((c) => c.closedAt === undefined);
      changed();
    },
    close: () =>
      new Promise<void>((resolve) => {
        envelopes.reset();
        for (const conn of live.values()) {
          for (const t of conn.timers) clearTimeout(t);
          conn.ws.terminate();
        }
        wss.close(() => resolve());
      }),
  };
}
