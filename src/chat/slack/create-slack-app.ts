import { App, HTTPReceiver, type SocketModeReceiver, webApi, type AuthorizeResult } from '@slack/bolt';
import type { SlackConfig } from '../../config.js';
import type { Locale } from '../../core/roster/team.js';
import type { HttpServer } from '../../http/server.js';
import type { Logger } from '../../logger.js';
import type { ChatAdapter } from '../adapter.js';
import type { Interactions } from '../interactions/interactions.js';
import type { Journal } from '../journal-port.js';
import type { PlatformSender } from '../ports.js';
import type { Replayer } from '../recovery.js';
import { boltLogger } from './bolt-logger.js';
import { SLACK_EVENTS_PATH } from './constants.js';
import { createErrorHook } from './error-hook.js';
import { register as registerActions } from './listeners/actions/index.js';
import { register as registerCommands } from './listeners/commands/index.js';
import type { ListenerDeps } from './listeners/deps.js';
import { register as registerEvents } from './listeners/events/index.js';
import { register as registerViews } from './listeners/views/index.js';
import { createSlackReplayer } from './replay.js';
import { slackRequestGate } from './request-gate.js';
import { createSlackSender } from './slack-sender.js';
import { createSocketConnection, type SocketConnection } from './socket-connection.js';
import { createSpeakerDirectory } from './speakers.js';

/** Who the bot is in its workspace (what `auth.test` answers). */
export type SlackIdentity = { teamId: string; botId: string; botUserId: string };

export type SlackAppDeps = {
  config: SlackConfig;
  interactions: Interactions;
  journal: Journal;
  log: Logger;
  /** HTTP mode: the one HTTP server, which gets `POST /slack/events` (same port as /healthz). */
  http?: HttpServer;
  /** The bot's identity when known; otherwise `auth.test` once, at start (never per request). */
  identity?: SlackIdentity;
  /** Web API retries on network errors and 5xx (default 2; tests pass 0). */
  retries?: number;
  defaultLocale?: Locale;
};

/** The Slack adapter (a {@link ChatAdapter}) and the Bolt app inside it. */
export type SlackApp = ChatAdapter & {
  readonly platform: 'slack';
  readonly mode: SlackConfig['mode'];
  readonly app: App;
  /** The outbox's sender, on its own WebClient (a 429 there never delays interactive replies). */
  readonly sender: PlatformSender;
  /** Finishes commands and clicks recorded but never finished (journal recovery). */
  readonly replayer: Replayer;
  identity(): Promise<SlackIdentity>;
  /** HTTP: learns the identity; Socket Mode: also connects. */
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** A coded configuration problem of the Slack adapter. */
export class SlackAppError extends Error {
  readonly code = 'SLACK_APP_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'SlackAppError';
  }
}

/**
 * The Slack adapter: a Bolt App (HTTP receiver mounted on our server, or Socket Mode when an app
 * token is configured) with every listener registered, one error hook, and the outbox's sender.
 * Nothing here touches the network until `start()` or the first request.
 */
export function createSlackApp(deps: SlackAppDeps): SlackApp {
  const { config, log } = deps;
  const logger = boltLogger(log);
  const clientOptions = {
    logger,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: deps.retries ?? 2 },
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
  };
  const interactive = new webApi.WebClient(config.botToken, clientOptions);
  const bulk = new webApi.WebClient(config.botToken, clientOptions);

  let known: Promise<SlackIdentity> | undefined = deps.identity ? Promise.resolve(deps.identity) : undefined;
  const identity = (): Promise<SlackIdentity> =>
    (known ??= interactive.auth.test().then(
      (r) => {
        if (!r.team_id || !r.bot_id || !r.user_id)
          throw new SlackAppError('auth.test returned no team, bot or user id');
        return { teamId: r.team_id, botId: r.bot_id, botUserId: r.user_id };
      },
      (err: unknown) => {
        known = undefined;
        throw err;
      },
    ));
  const authorize = async (): Promise<AuthorizeResult> => {
    const id = await identity();
    return { botToken: config.botToken, botId: id.botId, botUserId: id.botUserId, teamId: id.teamId };
  };

  // The configuration is already whole for its mode (config.ts); only the HTTP server is checked.
  let receiver: HTTPReceiver | SocketModeReceiver;
  let socket: SocketConnection | undefined;
  let mount: (() => void) | undefined;
  if (config.mode === 'socket') {
    socket = createSocketConnection({
      appToken: config.appToken,
      ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
      logger,
      log,
    });
    receiver = socket.receiver;
  } else {
    const http = deps.http;
    if (!http) throw new SlackAppError('HTTP mode needs the HTTP server to mount /slack/events on');
    const bolt = new HTTPReceiver({
      signingSecret: config.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      logger,
    });
    const gate = slackRequestGate({
      signingSecret: config.signingSecret,
      bolt: (req, res) => bolt.requestListener(req, res),
      log,
    });
    mount = () => http.route('POST', SLACK_EVENTS_PATH, gate);
    receiver = bolt;
  }
  const app = new App({ receiver, authorize, logger, clientOptions, extendedErrorHandler: true });

  const speakers = createSpeakerDirectory(interactive);
  const listenerDeps: ListenerDeps = {
    interactions: deps.interactions,
    journal: deps.journal,
    speakers,
    log,
  };
  registerCommands(app, listenerDeps);
  registerActions(app, listenerDeps);
  registerViews(app, listenerDeps);
  registerEvents(app, listenerDeps);
  app.error(
    createErrorHook({ log, client: interactive, speakers, defaultLocale: deps.defaultLocale ?? 'en' }),
  );

  mount?.();
  const sender = createSlackSender(bulk, { teamId: async () => (await identity()).teamId, log });
  const replayer = createSlackReplayer({ ...listenerDeps, client: interactive });

  let connected = false;
  return {
    platform: 'slack',
    mode: config.mode,
    app,
    sender,
    replayer,
    identity,
    health: () => (connected ? config.mode : 'connecting'),
    async start() {
      try {
        const id = await identity();
        log.info({ team: id.teamId, bot: id.botUserId, mode: config.mode }, 'slack connected');
      } catch (err) {
        // Requests will retry it; an unreachable Slack must not stop the rest of Baton.
        log.warn({ err }, 'slack auth.test failed; will retry on the first request');
      }
      await socket?.start();
      connected = true;
    },
    async stop() {
      await socket?.stop();
    },
  };
}
