import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateApiKey } from '../../core/integrations/api-keys.js';
import type { ApiKey } from '../../core/integrations/api-key.js';
import type { Team } from '../../core/roster/team.js';
import type { CoreDeps } from '../../core/shared/deps.js';
import type { Logger } from '../../logger.js';
import { readBody } from '../read-body.js';
import type { HttpServer } from '../server.js';
import { intakeLead, invalid, type Answer } from './intake.js';
import { LEADS_PATH, leadView } from './lead-view.js';
import { openApiDocument, OPENAPI_PATH } from './openapi.js';
import { createRateLimiter } from './rate-limit.js';

export type LeadsApiDeps = {
  core: CoreDeps;
  log: Logger;
  /** Requests each key may make per minute (API_RATE_PER_MINUTE). */
  ratePerMinute: number;
  /** Wall-clock milliseconds for the rate limit (tests pass their own). */
  now?: () => number;
};

/** A lead's JSON is a few kilobytes; anything near this is not a lead (413). */
export const MAX_BODY_BYTES = 64 * 1024;

/** A path segment decoded, or as sent when its escapes are malformed (then it names no lead: 404). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function send(res: ServerResponse, a: Answer): void {
  res.writeHead(a.status, { 'content-type': 'application/json; charset=utf-8', ...a.headers });
  res.end(JSON.stringify(a.body));
}

const error = (status: number, code: string, message: string, headers?: Record<string, string>): Answer => ({
  status,
  body: { error: code, message },
  ...(headers ? { headers } : {}),
});

/**
 * The lead intake API on Baton's HTTP port: `POST /api/v1/leads`, `GET /api/v1/leads/{id}` (both
 * with `Authorization: Bearer <key>`, a team's API key) and the OpenAPI document.
 */
export function mountLeadsApi(http: HttpServer, deps: LeadsApiDeps): void {
  const { core, log } = deps;
  const limiter = createRateLimiter(deps.ratePerMinute);
  const now = deps.now ?? Date.now;

  /** The key and team of the request, or the 401/429 to answer. */
  async function admit(req: IncomingMessage): Promise<{ key: ApiKey; team: Team } | Answer> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const auth = m ? await authenticateApiKey(core, m[1]!) : null;
    if (!auth)
      return error(401, 'unauthorized', 'Send a live API key of the team: Authorization: Bearer <key>.', {
        'www-authenticate': 'Bearer realm="baton"',
      });
    const took = limiter.take(auth.key.id, now());
    if (!took.ok)
      return error(
        429,
        'rate_limited',
        `Too many requests with this key; retry in ${took.retryAfterSec} s.`,
        {
          'retry-after': String(took.retryAfterSec),
        },
      );
    // A hint for `/team api-key list`, written at most once a minute per key.
    const at = core.clock.now();
    if (!auth.key.lastUsedAt || at.getTime() - new Date(auth.key.lastUsedAt).getTime() > 60_000)
      await core.stores.apiKeys.update(auth.key.id, { lastUsedAt: at });
    return auth;
  }

  http.route('POST', LEADS_PATH, async (req, res) => {
    const auth = await admit(req);
    if (!('key' in auth)) return send(res, auth);
    const bytes = await readBody(req, MAX_BODY_BYTES);
    if (!bytes)
      return send(res, error(413, 'too_large', `A lead's JSON is at most ${MAX_BODY_BYTES} bytes.`));
    let raw: unknown;
    try {
      raw = JSON.parse(bytes.toString('utf8'));
    } catch {
      return send(res, invalid([{ field: 'body', code: 'invalid_json', message: 'is not JSON' }]));
    }
    const idem = req.headers['idempotency-key'];
    const answer = await intakeLead(core, auth, raw, Array.isArray(idem) ? idem.join(',') : idem);
    const lead = (answer.body as { id?: unknown }).id;
    log.info({ keyId: auth.key.id, teamId: auth.team.id, status: answer.status, lead }, 'lead intake API');
    send(res, answer);
  });

  http.routeUnder('GET', `${LEADS_PATH}/`, async (req, res) => {
    const auth = await admit(req);
    if (!('key' in auth)) return send(res, auth);
    const ref = decoded((req.url ?? '').split('?')[0]!.slice(LEADS_PATH.length + 1));
    const m = /^(?:L-)?(\d{1,9})$/i.exec(ref);
    const lead = m ? await core.stores.leads.byNumber(auth.team.id, Number(m[1])) : null;
    if (!lead) return send(res, error(404, 'not_found', `The team has no lead ${ref.slice(0, 40)}.`));
    send(res, { status: 200, body: await leadView(core.stores, lead) });
  });

  const document = JSON.stringify(openApiDocument());
  http.route('GET', OPENAPI_PATH, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(document);
  });
}
