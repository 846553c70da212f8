import { createHash, randomBytes } from 'node:crypto';
import { BatonError, validationError } from '../errors.js';
import type { Ctx } from '../ports.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import {
  isWebhookEvent,
  MAX_WEBHOOKS_PER_TEAM,
  webhookUrlIssue,
  type Webhook,
  type WebhookEventType,
} from './webhook.js';

/** The webhook's id for a request: a retried `/team webhook add` finds the one it made. */
const hookId = (key: string) =>
  `wh-${createHash('sha256').update(`webhook:${key}`).digest('hex').slice(0, 8)}`;

/**
 * Adds a webhook for the acting admin's team (`events` empty: every type). The id comes from the
 * request key and the insert decides, so a retried request returns the webhook (and secret) it
 * made rather than a second one. `allowPrivate`: the operator lets webhooks reach private ranges;
 * `checkHost` looks at what the URL's host resolves to now (an issue code, or null).
 */
export async function addWebhook(
  deps: CoreDeps,
  req: {
    url: string;
    events: string[];
    allowPrivate: boolean;
    checkHost?: (url: string) => Promise<string | null>;
  },
  ctx: Ctx,
): Promise<{ webhook: Webhook; created: boolean }> {
  const { actor, team } = await actorFor(deps, ctx, 'webhook.manage');
  const url = req.url.trim();
  const urlIssue = webhookUrlIssue(url, req.allowPrivate);
  const unknown = req.events.filter((e) => !isWebhookEvent(e));
  const issues = [
    ...(urlIssue ? [urlIssue] : []),
    ...unknown.map((e) => ({
      field: 'events',
      code: 'unknown_webhook_event',
      message: `unknown event ${e}`,
      params: { value: e },
    })),
  ];
  if (issues.length) throw validationError(issues);
  const hostIssue = (await req.checkHost?.(url)) ?? null;
  if (hostIssue)
    throw validationError([{ field: 'url', code: hostIssue, message: hostIssue, params: { value: url } }]);
  const id = hookId(ctx.key);
  const existing = await deps.stores.webhooks.get(id);
  if (existing) return { webhook: existing, created: false };
  const live = await deps.stores.webhooks.listTeam(team.id);
  if (live.length >= MAX_WEBHOOKS_PER_TEAM)
    throw validationError([
      {
        field: 'url',
        code: 'too_many_webhooks',
        message: 'too many webhooks',
        params: { max: MAX_WEBHOOKS_PER_TEAM },
      },
    ]);
  const webhook: Webhook = {
    id,
    teamId: team.id,
    url: new URL(url).toString(),
    events: [...new Set(req.events as WebhookEventType[])],
    secret: `whsec_${randomBytes(24).toString('base64url')}`,
    createdBy: actor.id,
    createdAt: ctx.now,
  };
  if (!(await deps.stores.webhooks.insert(webhook))) {
    const twin = await deps.stores.webhooks.get(id);
    if (!twin) throw new BatonError('CONFLICT', `webhook ${id} vanished`, { id });
    return { webhook: twin, created: false };
  }
  if (!team.webhooks) await deps.stores.teams.update(team.id, { webhooks: true });
  return { webhook, created: true };
}

/** The team's webhooks (admins only: the list names where the team's data goes). */
export async function listWebhooks(deps: CoreDeps, ctx: Ctx): Promise<Webhook[]> {
  const { team } = await actorFor(deps, ctx, 'webhook.manage');
  return deps.stores.webhooks.listTeam(team.id);
}

/** The team's live webhook `id`, or a VALIDATION_FAILED that names it. */
export async function teamWebhook(deps: CoreDeps, teamId: string, id: string): Promise<Webhook> {
  return liveWebhook(await deps.stores.webhooks.get(webhookId(id)), teamId, id);
}

const webhookId = (id: string) => id.trim().toLowerCase();

function liveWebhook(hook: Webhook | null, teamId: string, id: string): Webhook {
  if (!hook || hook.teamId !== teamId || hook.removedAt)
    throw validationError([
      { field: 'webhook', code: 'unknown_webhook', message: `no webhook ${id}`, params: { value: id } },
    ]);
  return hook;
}

/**
 * Removes a webhook: nothing more is delivered to it (deliveries still waiting are dropped). The
 * same request again (a retry, journal recovery after a crash) answers with the webhook it removed.
 */
export async function removeWebhook(deps: CoreDeps, req: { id: string }, ctx: Ctx): Promise<Webhook> {
  const { team } = await actorFor(deps, ctx, 'webhook.manage');
  const found = await deps.stores.webhooks.get(webhookId(req.id));
  if (found?.teamId === team.id && found.removedAt && found.removedKey === ctx.key) return found;
  const hook = liveWebhook(found, team.id, req.id);
  await deps.stores.webhooks.update(hook.id, { removedAt: ctx.now, removedKey: ctx.key });
  return { ...hook, removedAt: ctx.now, removedKey: ctx.key };
}
