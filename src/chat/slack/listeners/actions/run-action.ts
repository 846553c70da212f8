import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Inbound } from '../../../interactions/types.js';
import { decodeAction } from '../../action-codec.js';
import { replyToast, sendReply, type ReplyRoute } from '../../reply.js';
import type { ListenerDeps } from '../deps.js';
import { completeQuietly, recordThenAck } from '../record-then-ack.js';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * The idempotency key of a click: every click has its own `action_ts` (a double click is two);
 * the user is part of it so that two people clicking in the same microsecond stay two clicks.
 */
export const actionKey = (teamId: string, userId: string, actionTs: string, actionId: string) =>
  `slack:act:${teamId}:${userId}:${actionTs}:${actionId}`;

/**
 * One button press: journal → ack → decode the action → `Interactions.action` → the reply (a
 * modal on the short-lived trigger_id, or a message) and the toast, ephemeral to the presser. Who wins
 * a race (20 people clicking Claim) is the core's decision; losers get a refusal toast.
 */
export function actionListener(deps: ListenerDeps) {
  return async ({ ack, body, action, respond, client }: ActionArgs): Promise<void> => {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const key = actionKey(teamId, body.user.id, action.action_ts, action.action_id);
    const channelId = body.channel?.id ?? (body.container?.channel_id as string | undefined);
    const request = {
      platform: 'slack',
      kind: 'action',
      actionId: action.action_id,
      value: action.value,
      user: body.user.id,
      team: teamId,
      ...(channelId ? { channel: channelId } : {}),
      ...(body.user.username ? { userName: body.user.username } : {}),
    };
    const replyTo = body.response_url ? { responseUrl: body.response_url } : undefined;
    if (!(await recordThenAck(deps.journal, key, request, replyTo, () => ack(), deps.log))) {
      deps.log.info({ key }, 'slack: repeated click skipped');
      return;
    }
    const ref = decodeAction(action.action_id, action.value);
    const speaker = await deps.speakers.speaker(teamId, body.user.id, body.user.username ?? body.user.name);
    const inb: Inbound = {
      speaker,
      key,
      ...(channelId
        ? { channel: { platform: 'slack', id: channelId, isPrivate: !channelId.startsWith('C') } }
        : {}),
    };
    const result = await deps.interactions.action(inb, ref);
    const route: ReplyRoute = {
      client,
      teamId,
      userId: body.user.id,
      triggerId: body.trigger_id,
      ...(body.response_url ? { respond, responseUrl: body.response_url } : {}),
      ...(channelId ? { channelId } : {}),
    };
    // On Slack a toast and a message reply are both ephemerals, and the interactions layer makes
    // the toast from the reply's first line: show the reply alone, the toast when there is none.
    await sendReply(result.reply, route);
    if (result.toast && result.reply.kind !== 'message') await replyToast(result.toast, route);
    // After a database outage the entry stays open: recovery finishes the work and answers.
    if (inb.unfinished) deps.journal.release(key);
    else await completeQuietly(deps.journal, key, deps.log);
  };
}
