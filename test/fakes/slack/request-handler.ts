// Routes the fake's HTTP requests: `/api/<method>` (Web API), `/response/<id>` (response_urls) and
// `/upload/<file id>` (upload v2), recording each call and its answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseArgs, parseJsonObject, readMultipart, readRaw, sendJson } from './http-body.js';
import type { RateLimiter } from './rate-limiter.js';
import type { createRecorder } from './recorder.js';
import { postToResponseUrl } from './response-urls.js';
import { resolveChannel } from './web-api-methods.js';
import type { MethodContext, MethodHandler, Reply } from './web-api-reply.js';

export interface RequestHandlerDeps {
  ctx: MethodContext;
  recorder: ReturnType<typeof createRecorder>;
  limiter: RateLimiter | undefined;
  methods: Record<string, MethodHandler>;
  /** Accepted tokens; undefined accepts any `xox…` token. */
  tokens: string[] | undefined;
  /** Accepted app-level tokens; undefined accepts any `xapp-…` token. */
  appTokens: string[] | undefined;
  /** A fresh Socket Mode URL (what `apps.connections.open` answers). */
  socketUrl: () => string;
}

/** Methods that take the app-level token (`xapp-`), and only in the Authorization header. */
const APP_TOKEN_METHODS = new Set(['apps.connections.open']);

const NOT_FOUND: Reply = { status: 404, body: { ok: false, error: 'not_found' } };

export function createRequestHandler(deps: RequestHandlerDeps) {
  const { ctx, recorder, limiter, methods, tokens, appTokens } = deps;

  function tokenProblem(token: string | undefined): string | undefined {
    if (!token) return 'not_authed';
    if (token.startsWith('xapp-')) return 'not_allowed_token_type';
    const accepted = tokens ? tokens.includes(token) : token.startsWith('xox');
    return accepted ? undefined : 'invalid_auth';
  }

  function appTokenProblem(headerToken: string | undefined, bodyToken: unknown): string | undefined {
    if (!headerToken) return typeof bodyToken === 'string' ? 'invalid_auth' : 'not_authed';
    if (!headerToken.startsWith('xapp-')) return 'not_allowed_token_type';
    return !appTokens || appTokens.includes(headerToken) ? undefined : 'invalid_auth';
  }

  const send = (res: ServerResponse, reply: Reply, headers: Record<string, string> = {}) =>
    sendJson(res, reply.status ?? 200, reply.body, headers);

  async function handleUpload(req: IncomingMessage, res: ServerResponse, fileId: string, raw: Buffer) {
    const file = ctx.state.files.get(fileId);
    if (!file || req.method !== 'POST') return send(res, NOT_FOUND);
    const contentType = req.headers['content-type'] ?? '';
    let data = raw;
    if (contentType.startsWith('multipart/form-data')) {
      const parts = Object.values(await readMultipart(raw, contentType));
      const filePart = parts.find(
        (p): p is { data: Buffer } => typeof p === 'object' && p !== null && 'data' in p,
      );
      data = filePart?.data ?? Buffer.alloc(0);
    }
    const size = data.length;
    file.received = size;
    file.data = data;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${size}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? '/', ctx.origin);
    const raw = await readRaw(req);
    const [, kind, name] = /^\/(api|response|upload)\/([^/]+)$/.exec(url.pathname) ?? [];
    if (kind === 'upload') return handleUpload(req, res, name!, raw);
    if (!kind || (req.method !== 'POST' && !(kind === 'api' && req.method === 'GET')))
      return send(res, NOT_FOUND);

    const isResponse = kind === 'response';
    const method = isResponse ? 'response_url' : name!;
    const parsed = isResponse
      ? parseJsonObject(raw, 'invalid_payload')
      : await parseArgs(req, raw, url.searchParams);
    const { token: bodyToken, ...args } = 'args' in parsed ? parsed.args : {};
    const headerToken = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = headerToken ?? (typeof bodyToken === 'string' && !isResponse ? bodyToken : undefined);

    const respond = (reply: Reply, headers: Record<string, string> = {}) => {
      const status = reply.status ?? 200;
      if (status === 429) recorder.count429();
      if (reply.violation) {
        const { error, problems } = reply.violation;
        recorder.violation({ method, error, problems, args, at });
      }
      recorder.call({
        method,
        args,
        at,
        ...(isResponse ? { url: `${ctx.origin}${url.pathname}` } : {}),
        ...(token ? { token } : {}),
        status,
        response: reply.body,
      });
      send(res, reply, headers);
    };

    const injected = recorder.takeFailure(method);
    if (injected && !injected.afterHandling) return respond(injected.reply, injected.headers);
    if ('error' in parsed)
      return respond({ status: isResponse ? 400 : 200, body: { ok: false, error: parsed.error } });
    if (isResponse) return respond(postToResponseUrl(name!, args, ctx));
    const appMethod = APP_TOKEN_METHODS.has(method);
    const authProblem = appMethod ? appTokenProblem(headerToken, bodyToken) : tokenProblem(token);
    if (authProblem) return respond({ body: { ok: false, error: authProblem } });
    const handler: MethodHandler | undefined = appMethod
      ? () => ({ body: { ok: true, url: deps.socketUrl() } })
      : methods[method];
    if (!handler) return respond({ body: { ok: false, error: 'unknown_method' } });
    const channel = typeof args.channel === 'string' ? resolveChannel(args.channel) : undefined;
    const retryAfter = limiter?.take(method, channel);
    if (retryAfter !== undefined) {
      return respond(
        { status: 429, body: { ok: false, error: 'ratelimited' } },
        { 'retry-after': String(retryAfter) },
      );
    }
    const reply = handler(args, ctx);
    if (injected) return respond(injected.reply, injected.headers);
    return respond(reply);
  }

  /** The server's request listener; a crash answers 500 rather than hanging the client. */
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) res.end();
      else sendJson(res, 500, { ok: false, error: 'fake_slack_crashed', detail: String(err) });
    });
  };
}
