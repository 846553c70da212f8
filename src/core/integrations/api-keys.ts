import { BatonError } from '../errors.js';
import { idFromKey } from '../ids.js';
import type { Ctx } from '../ports.js';
import type { Team } from '../roster/team.js';
import { actorFor, teamOf } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { apiKeyIdOf, apiKeyMatches, mintApiKey, type ApiKey } from './api-key.js';

export type CreatedApiKey = {
  key: ApiKey;
  /** The key itself, shown once; absent on a replay of the same request (it is not stored). */
  token?: string;
};

/**
 * The team an API-key command is about: the acting admin's (chat), or the team the operator named
 * (`npm run baton -- api-key create --team NAME`: the CLI has no acting person; whoever runs it
 * already controls the deployment).
 */
async function teamFor(deps: CoreDeps, ctx: Ctx, teamId?: string): Promise<{ team: Team; actorId?: string }> {
  if (ctx.actorId) {
    const { actor, team } = await actorFor(deps, ctx, 'team.manage_admins');
    return { team, actorId: actor.id };
  }
  if (ctx.source !== 'cli' || !teamId) throw new BatonError('UNKNOWN_PERSON', 'no acting person', {});
  return { team: await teamOf(deps, teamId) };
}

/**
 * `/team api-key create [label]` (admins) and the CLI's `api-key create`: a new key for the
 * team's lead intake API. Once per request key: a retried request finds the key it made and gets
 * no token (the key was shown the first time and is not stored).
 */
export async function createApiKey(
  deps: CoreDeps,
  req: { label?: string; teamId?: string },
  ctx: Ctx,
): Promise<CreatedApiKey> {
  const { team, actorId } = await teamFor(deps, ctx, req.teamId);
  const label = req.label?.trim().slice(0, 60);
  const id = idFromKey('ak', `${team.id}:${ctx.key}`);
  const { token, hash } = mintApiKey(id);
  const key: ApiKey = {
    id,
    teamId: team.id,
    hash,
    createdAt: ctx.now,
    ...(label ? { label } : {}),
    ...(actorId ? { createdBy: actorId } : {}),
  };
  if (await deps.stores.apiKeys.insert(key)) return { key, token };
  const existing = await deps.stores.apiKeys.get(id);
  if (!existing) throw new BatonError('CONFLICT', `API key ${id} vanished; try again`, { id });
  return { key: existing };
}

/** `/team api-key list` (admins): the team's keys, newest first, revoked ones included. */
export async function listApiKeys(deps: CoreDeps, req: { teamId?: string }, ctx: Ctx): Promise<ApiKey[]> {
  const { team } = await teamFor(deps, ctx, req.teamId);
  const keys = await deps.stores.apiKeys.listTeam(team.id);
  return keys.sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
}

/**
 * `/team api-key revoke ak_…` (admins): the key stops working at once (every request reads the
 * key by id; nothing caches it). Revoking a revoked key changes nothing.
 */
export async function revokeApiKey(
  deps: CoreDeps,
  req: { keyId: string; teamId?: string },
  ctx: Ctx,
): Promise<{ key: ApiKey; already: boolean }> {
  const { team, actorId } = await teamFor(deps, ctx, req.teamId);
  const id = req.keyId.trim().toLowerCase();
  const key = /^ak_[0-9a-f]{16}$/.test(id) ? await deps.stores.apiKeys.get(id) : null;
  if (!key || key.teamId !== team.id)
    throw new BatonError('API_KEY_NOT_FOUND', `no API key ${req.keyId} in the team`, { keyId: req.keyId });
  if (key.revokedAt) return { key, already: true };
  const patch = { revokedAt: ctx.now, ...(actorId ? { revokedBy: actorId } : {}) };
  await deps.stores.apiKeys.update(id, patch);
  return { key: { ...key, ...patch }, already: false };
}

/**
 * The live key a request presents, with its team, or null: unknown, malformed, wrong secret or
 * revoked all look the same to the caller (401), so a guess learns nothing.
 */
export async function authenticateApiKey(
  deps: CoreDeps,
  token: string,
): Promise<{ key: ApiKey; team: Team } | null> {
  const id = apiKeyIdOf(token);
  const key = id ? await deps.stores.apiKeys.get(id) : null;
  if (!key || key.revokedAt || !apiKeyMatches(key, token)) return null;
  const team = await deps.stores.teams.get(key.teamId);
  return team ? { key, team } : null;
}
