import { createHash, randomUUID } from 'node:crypto';
import { isBatonError, isStoreFailure } from '../../core/errors.js';
import type { ApiKey } from '../../core/integrations/api-key.js';
import { createLead } from '../../core/leads/create-lead.js';
import { validateLeadInput } from '../../core/leads/lead-input.js';
import type { Ctx, Ledger } from '../../core/ports.js';
import type { Team } from '../../core/roster/team.js';
import type { CoreDeps } from '../../core/shared/deps.js';
import { creditedSdr } from './credited-sdr.js';
import { canonicalJson, fieldErrorsOfCore, fieldErrorsOfSchema, leadInputOf } from './lead-input-map.js';
import { leadRequestSchema } from './lead-schemas.js';
import { duplicateView, leadView } from './lead-view.js';

/** An answer to send: status, JSON body and extra headers. */
export type Answer = { status: number; body: unknown; headers?: Record<string, string> };

export const invalid = (fields: { field: string; code: string; message: string }[]): Answer => ({
  status: 422,
  body: { error: 'invalid', message: fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields },
});

/** The ledger kind of Idempotency-Key records: `<team id>:<key>`, inserted once. */
const REQUESTS = 'api-request';

/**
 * Forgets the Idempotency-Key records made before `before` (the `jobs.purge` job: they hold the
 * first answer, the contact's details included). A key sent again after that makes no second
 * lead either: the lead's id comes from the key, so the request finds the lead it made.
 */
export function purgeIdempotencyRecords(ledger: Ledger, before: Date): Promise<number> {
  return ledger.purge(REQUESTS, before);
}
/** How long a twin request waits for the first one's answer before finishing the work itself. */
const TWIN_WAIT_MS = 5_000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * `POST /api/v1/leads` after authentication: checks the body (nothing is written for a bad one),
 * then runs `createLead` — the use case `/lead` runs — as the credited SDR.
 *
 * With an Idempotency-Key the request is decided by one insert of `<team>:<key>` in the ledger:
 * the request that inserts it answers 201 (or 409) and records its answer; any other with the same
 * key and body answers 200 with that recorded body (waiting briefly while the first is still
 * running). Should the first have died before answering, the twin finishes the same work: the
 * lead's id and every later step are derived from the key, so it is still one lead.
 */
export async function intakeLead(
  core: CoreDeps,
  auth: { key: ApiKey; team: Team },
  raw: unknown,
  idempotencyKey: string | undefined,
): Promise<Answer> {
  const parsed = leadRequestSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrorsOfSchema(parsed.error.issues, raw));
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
    return invalid([
      { field: 'Idempotency-Key', code: 'invalid', message: 'must be 1 to 255 visible ASCII characters' },
    ]);
  const body = parsed.data;
  const { team, key } = auth;
  const sdr = await creditedSdr(core.stores, team, key, body.sdr);
  if (!('id' in sdr)) return invalid([sdr]);
  const input = leadInputOf(body);
  try {
    validateLeadInput(input, team);
  } catch (err) {
    if (isBatonError(err, 'VALIDATION_FAILED')) return invalid(fieldErrorsOfCore(err.issues));
    throw err;
  }
  const ctx: Ctx = {
    actorId: sdr.id,
    source: 'api',
    key: idempotencyKey ? `api:${idempotencyKey}` : `api:${randomUUID()}`,
    now: core.clock.now(),
    credential: `api-key:${key.id}`,
    loaded: { actor: sdr, team },
  };
  const run = () => createdAnswer(core, ctx, input, body.force === true);
  if (idempotencyKey === undefined) return run();

  const id = `${team.id}:${idempotencyKey}`;
  const fingerprint = createHash('sha256').update(canonicalJson(body)).digest('hex');
  const first = await core.stores.ledger.insertOnce(REQUESTS, id, {
    keyId: key.id,
    fingerprint,
    startedAt: Date.now(),
    at: ctx.now,
  });
  if (first) {
    const answer = await run();
    if (answer.status < 500)
      await core.stores.ledger.mark(REQUESTS, id, {
        status: answer.status,
        body: JSON.stringify(answer.body),
      });
    return answer;
  }
  return replay(core, id, fingerprint, run);
}

/** A request whose Idempotency-Key another request recorded first. */
async function replay(
  core: CoreDeps,
  id: string,
  fingerprint: string,
  run: () => Promise<Answer>,
): Promise<Answer> {
  for (;;) {
    const rec = await core.stores.ledger.get(REQUESTS, id);
    if (rec && rec.fingerprint !== fingerprint)
      return invalid([
        {
          field: 'Idempotency-Key',
          code: 'reused',
          message: 'was used for a different request: send a new key with a changed body',
        },
      ]);
    if (typeof rec?.status === 'number' && typeof rec.body === 'string')
      return { status: rec.status === 201 ? 200 : rec.status, body: JSON.parse(rec.body) as unknown };
    if (!rec || Date.now() - Number(rec.startedAt) > TWIN_WAIT_MS) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // The first request is gone without an answer: finish the same work under the same key.
  const answer = await run();
  if (answer.status === 201) {
    await core.stores.ledger.mark(REQUESTS, id, { status: 201, body: JSON.stringify(answer.body) });
    return { ...answer, status: 200 };
  }
  return answer;
}

/** Runs `createLead` (again on a busy database: it is idempotent by the request key) and words the result. */
async function createdAnswer(
  core: CoreDeps,
  ctx: Ctx,
  input: ReturnType<typeof leadInputOf>,
  force: boolean,
): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await createLead(core, { input, force }, ctx);
      if (r.status === 'duplicate') return { status: 409, body: duplicateView(r.duplicates) };
      return { status: r.replayed ? 200 : 201, body: await leadView(core.stores, r.lead) };
    } catch (err) {
      if (isStoreFailure(err, 'DB_BUSY') && attempt < 4) {
        await new Promise((r) => setTimeout(r, 25 * 2 ** attempt * (0.5 + Math.random())));
        continue;
      }
      if (isBatonError(err, 'VALIDATION_FAILED')) return invalid(fieldErrorsOfCore(err.issues));
      if (isStoreFailure(err))
        return {
          status: 503,
          body: {
            error: 'unavailable',
            message: 'The database is unavailable; retry with the same Idempotency-Key.',
          },
          headers: { 'retry-after': '5' },
        };
      throw err;
    }
  }
}
