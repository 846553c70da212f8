// A fake Slack for end-to-end tests: the Web API that Bolt / @slack/web-api call, the
// response_urls it hands out, and an upload endpoint, on 127.0.0.1. It validates every message
// and view it receives (see block-kit-validator.ts) and can rate-limit like Slack.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compileSchemas } from './block-kit-schema.js';
import type { ValidationOptions } from './block-kit-validator.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limiter.js';
import { createRequestHandler } from './request-handler.js';
import { issueResponseUrl } from './response-urls.js';
import { createIds, dmChannelFor, makeUser, SlackState } from './slack-state.js';
import type {
  FakeBot,
  FakeTeam,
  FakeUser,
  FakeUserInput,
  StoredMessage,
  StoredView,
  UploadedFile,
} from './slack-state.js';
import { createRecorder, type Failure, type RecordedCall, type Violation } from './recorder.js';
import { createSocketMode, type FakeSocketMode, type SocketModeOptions } from './socket-mode.js';
import { resolveChannel, webApiMethods } from './web-api-methods.js';
import type { MethodContext, MethodHandler } from './web-api-reply.js';

export type { Failure, RecordedCall, Violation };

export interface FakeSlackOptions {
  team?: Partial<FakeTeam>;
  bot?: Partial<FakeBot>;
  /** The user directory (users.info, users.lookupByEmail); the bot user is always in it. */
  users?: FakeUserInput[];
  /** Accepted tokens. Default: any token that starts with `xox`. */
  tokens?: string[];
  /** Accepted app-level tokens (apps.connections.open). Default: any token that starts with `xapp-`. */
  appTokens?: string[];
  /** Socket Mode timing (ack timeout, redeliveries, pings). */
  socketMode?: SocketModeOptions;
  /** Enforce Slack-like rate limits (off when absent). */
  rateLimits?: RateLimitOptions;
  /** How long a trigger_id stays exchangeable. Default 3000 ms, as on Slack. */
  triggerTtlMs?: number;
  validation?: ValidationOptions;
  /** Extra or replacement Web API methods. */
  methods?: Record<string, MethodHandler>;
}

export interface FakeSlack {
  /** The Web API base (`http://127.0.0.1:PORT/api/`): pass it as `slackApiUrl`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly team: FakeTeam;
  readonly bot: FakeBot;
  /** Socket Mode on the same port: `apps.connections.open` hands out its URLs. */
  readonly socket: FakeSocketMode;
  /** Every invalid payload received, oldest first. */
  readonly violations: readonly Violation[];
  /** How many HTTP 429 answers were served (rate limiter and `failNext`). */
  readonly ratelimitedCount: number;
  /** Recorded calls (all, or of one method), including refused ones; response_url posts are method `response_url`. */
  calls(method?: string): RecordedCall[];
  /** The first call (past or future) of `method` that matches; rejects after `timeoutMs` (default 5000). */
  waitForCall(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** Visible messages in a channel (a user id means the bot's DM with them), oldest first. */
  messagesIn(channelOrUser: string): StoredMessage[];
  /** Ephemeral messages in a channel, oldest first. */
  ephemeralsIn(channelOrUser: string): StoredMessage[];
  /** The newest visible message in a channel or the DM with a user. */
  lastMessageTo(channelOrUser: string): StoredMessage | undefined;
  /** Modals and home tabs as Slack holds them. */
  views(): StoredView[];
  /** Files uploaded through the upload flow (with their bytes once posted), by file id. */
  uploadedFile(id: string): UploadedFile | undefined;
  addUser(input: FakeUserInput): FakeUser;
  user(id: string): FakeUser | undefined;
  /** A fresh trigger_id (what Slack puts in interaction payloads), valid for `triggerTtlMs`. */
  issueTriggerId(user?: string): string;
  /** A fresh response_url for an interaction of `user` in `channel` about message `messageTs`. */
  issueResponseUrl(origin: { channel: string; user: string; messageTs?: string }): string;
  /** Makes the next call(s) of `method` (or `response_url`) fail. Default: 429 with Retry-After 1. */
  failNext(method: string, failure?: Failure): void;
  /** Throws a readable list of every invalid payload received. */
  expectNoViolations(): void;
  /** Forgets calls, messages, views, violations, failures and rate-limit state (keeps users). */
  reset(): void;
  close(): Promise<void>;
}

export async function createFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const team: FakeTeam = { id: 'T0BATON', domain: 'baton-test', name: 'Baton Test', ...opts.team };
  const bot: FakeBot = {
    userId: 'U0BATONBOT',
    botId: 'B0BATON',
    appId: 'A0BATON',
    name: 'baton',
    ...opts.bot,
  };
  compileSchemas();
  const state = new SlackState();
  const ids = createIds();
  const recorder = createRecorder();
  const limiter = opts.rateLimits ? createRateLimiter(opts.rateLimits) : undefined;
  const methods = { ...webApiMethods, ...opts.methods };
  const addUser = (input: FakeUserInput) => {
    const user = makeUser(input, team.id);
    state.users.set(user.id, user);
    return user;
  };
  addUser({ id: bot.userId, name: bot.name, is_bot: true });
  for (const u of opts.users ?? []) addUser(u);

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ctx: MethodContext = {
    state,
    ids,
    team,
    bot,
    origin,
    validation: opts.validation ?? {},
    triggerTtlMs: opts.triggerTtlMs ?? 3000,
  };
  const socket = createSocketMode(
    server,
    {
      origin,
      appId: bot.appId,
      problem: (p) => recorder.violation({ method: 'socket_mode', ...p, at: Date.now() }),
    },
    opts.socketMode,
  );
  server.on(
    'request',
    createRequestHandler({
      ctx,
      recorder,
      limiter,
      methods,
      tokens: opts.tokens,
      appTokens: opts.appTokens,
      socketUrl: () => socket.issueUrl(),
    }),
  );

  const channelOf = (c: string) => resolveChannel(c) ?? c;
  return {
    url: `${origin}/api/`,
    origin,
    team,
    bot,
    socket,
    get violations() {
      return recorder.violations;
    },
    get ratelimitedCount() {
      return recorder.ratelimitedCount();
    },
    calls: (method) => recorder.calls(method),
    waitForCall: (method, predicate, timeoutMs) => recorder.waitForCall(method, predicate, timeoutMs),
    messagesIn: (c) => [...(state.messages.get(channelOf(c)) ?? [])],
    ephemeralsIn: (c) => [...(state.ephemerals.get(channelOf(c)) ?? [])],
    lastMessageTo: (c) => state.messages.get(channelOf(c))?.at(-1),
    views: () => [...state.views.values()],
    uploadedFile: (id) => state.files.get(id),
    addUser,
    user: (id) => state.users.get(id),
    issueTriggerId(user) {
      const id = ids.trigger();
      state.triggers.set(id, { issuedAt: Date.now(), ...(user ? { user } : {}), used: false });
      return id;
    },
    issueResponseUrl: (o) => issueResponseUrl(ctx, o),
    failNext: (method, failure) => recorder.failNext(method, failure),
    expectNoViolations: () => recorder.expectNoViolations(),
    reset() {
      state.clear();
      recorder.reset();
      limiter?.reset();
      socket.reset();
    },
    close: async () => {
      await socket.close();
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

export { dmChannelFor };
