import { createHash } from 'node:crypto';
import type { Notice } from '../notices.js';
import type { Ctx } from '../ports.js';
import { actorFor, teamOf } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { teamWebhook } from './manage-webhooks.js';
import { webhookNotice } from './derive.js';
import { WEBHOOK_TEST, type Webhook } from './webhook.js';

/**
 * Sends a test event to one webhook (through the outbox, signed like every delivery) and, when it
 * was paused, resumes it: what waited is delivered again, and failures before now no longer count
 * towards the next pause. Returns the test event's id.
 */
export async function testWebhook(
  deps: CoreDeps,
  req: { id: string },
  ctx: Ctx,
): Promise<{ webhook: Webhook; eventId: string; resumed: boolean }> {
  const { actor, team } = await actorFor(deps, ctx, 'webhook.manage');
  const hook = await teamWebhook(deps, team.id, req.id);
  const resumed = Boolean(hook.pausedAt);
  if (resumed)
    await deps.stores.webhooks.update(hook.id, { resumedAt: ctx.now, unset: ['pausedAt', 'pauseReason'] });
  const eventId = `test:${createHash('sha256').update(ctx.key).digest('hex').slice(0, 16)}`;
  const notice = webhookNotice(
    {
      id: eventId,
      type: WEBHOOK_TEST,
      time: ctx.now.toISOString(),
      team: team.id,
      data: { webhookId: hook.id, by: actor.id },
    },
    'test',
    0,
  );
  await deps.notifier.notify([{ ...notice, to: { webhook: hook.id } }]);
  return { webhook: hook, eventId, resumed };
}

/**
 * Pauses a webhook that kept failing and tells the team's active admins, once per pause (the
 * notice key names the webhook and the resume it follows). `reason`: the last failure.
 */
export async function pauseWebhook(
  deps: CoreDeps,
  req: { webhookId: string; reason: string },
  ctx: Ctx,
): Promise<void> {
  const hook = await deps.stores.webhooks.get(req.webhookId);
  if (!hook || hook.removedAt) return;
  const reason = req.reason.slice(0, 200);
  if (!hook.pausedAt) await deps.stores.webhooks.update(hook.id, { pausedAt: ctx.now, pauseReason: reason });
  const team = await teamOf(deps, hook.teamId);
  const admins = (await deps.stores.people.listTeam(team.id, { activeOnly: true })).filter((p) =>
    p.roles.includes('admin'),
  );
  const since = (hook.resumedAt ?? hook.createdAt).toISOString();
  const notices: Notice[] = admins.map((p) => ({
    key: `webhook:${hook.id}:paused:${since}`,
    to: { personId: p.id },
    body: { kind: 'webhook.paused', webhookId: hook.id, url: hook.url, reason },
  }));
  await deps.notifier.notify(notices);
}
