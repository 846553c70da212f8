import { createHash } from 'node:crypto';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewOutput, ViewSubmitAction } from '@slack/bolt';
import type { FormValues } from '../../../forms/form.js';
import type { Inbound, SubmitResult } from '../../../interactions/types.js';
import {
  decodeMetadata,
  errorsResponse,
  formToModal,
  viewValues,
  type ModalMetadata,
} from '../../forms-to-modal.js';
import { replyMessage, respondTo, sendReply, type ReplyRoute } from '../../reply.js';
import type { ListenerDeps } from '../deps.js';
import { ackOrCarryOn } from '../record-then-ack.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** How long a submission may take before the modal is closed and the answer sent as a message. */
export const SUBMIT_BUDGET_MS = 2500;

/**
 * The idempotency key of a submission: the modal and what was in it. Resubmitting after a field
 * error changes the values, hence the key; Slack resending the same submission does not.
 */
export function submissionKey(teamId: string, viewId: string, values: FormValues): string {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  const digest = createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
  return `slack:view:${teamId}:${viewId}:${digest}`;
}

/** Field errors for blocks the modal has; errors on fields it lacks go on its first input. */
function onInputs(errors: Record<string, string>, view: ViewOutput): Record<string, string> {
  const inputs = view.blocks
    .filter((b) => b.type === 'input')
    .map((b) => (b as { block_id?: string }).block_id ?? '');
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const target = inputs.includes(field) ? field : (inputs[0] ?? field);
    out[target] = out[target] ? `${out[target]}; ${message}` : message;
  }
  return out;
}

/**
 * A submitted modal. Field errors must travel in the ack itself, so this listener alone calls the
 * interactions layer before acknowledging (no Slack call, no journal write: the submission's key
 * makes the core's writes idempotent). Within {@link SUBMIT_BUDGET_MS} it answers with the errors,
 * the next form, or closes the modal and replies (ephemeral through the opening command's
 * response_url, else a DM); a slower submission closes the modal and sends the outcome as a message.
 */
export function submissionListener(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const meta = decodeMetadata(view.private_metadata);
    if (!meta) {
      await ack();
      deps.log.warn(
        { viewId: view.id, callbackId: view.callback_id },
        'slack: a modal without Baton metadata',
      );
      return;
    }
    const teamId = body.team?.id ?? view.team_id;
    const values = viewValues(view.state);
    const key = submissionKey(teamId, view.id, values);
    // Cache only: no Slack call before the ack.
    const speaker = await deps.speakers.speaker(teamId, body.user.id, body.user.name, 0);
    const inb: Inbound = {
      speaker,
      key,
      ...(meta.channel
        ? { channel: { platform: 'slack', id: meta.channel, isPrivate: !meta.channel.startsWith('C') } }
        : {}),
    };
    const route: ReplyRoute = {
      client,
      teamId,
      userId: body.user.id,
      ...(meta.responseUrl ? { respond: respondTo(meta.responseUrl), responseUrl: meta.responseUrl } : {}),
      ...(meta.channel ? { channelId: meta.channel } : {}),
    };
    // In Socket Mode an ack can find the connection gone: Slack then delivers the submission again,
    // which runs again under the same key and answers; this copy says nothing more.
    const acked = (response?: Parameters<typeof ack>[0]) => ackOrCarryOn(() => ack(response), key, deps.log);
    const pending = deps.interactions.submit(inb, meta.form, meta.ref, values);
    let result: SubmitResult | 'late';
    try {
      result = await Promise.race([pending, delay(SUBMIT_BUDGET_MS).then(() => 'late' as const)]);
    } catch (err) {
      await acked();
      throw err;
    }
    if (result === 'late') {
      if (!(await acked())) return;
      deps.log.warn({ key, form: meta.form }, 'slack: slow form submission answered by message');
      return deliverLate(await pending, route);
    }
    if (result.kind === 'errors') {
      await acked(errorsResponse(onInputs(result.errors, view)));
      return;
    }
    if (result.reply.kind === 'form') {
      const next = { response_action: 'update' as const, view: formToModal(result.reply.form, where(meta)) };
      if ((await acked(next)) && result.reply.notice)
        await replyMessage(result.reply.notice, 'ephemeral', route);
      return;
    }
    if (await acked()) await sendReply(result.reply, route);
  };
}

const where = (m: ModalMetadata) => ({
  ...(m.responseUrl ? { responseUrl: m.responseUrl } : {}),
  ...(m.channel ? { channel: m.channel } : {}),
});

async function deliverLate(result: SubmitResult, route: ReplyRoute): Promise<void> {
  if (result.kind === 'errors') {
    const text = Object.values(result.errors).join('\n');
    await replyMessage(
      { summary: text, blocks: [{ type: 'text', text: [{ t: 'text', v: text }] }] },
      'ephemeral',
      route,
    );
    return;
  }
  if (result.reply.kind === 'message')
    await replyMessage(result.reply.message, result.reply.visibility, route);
  else if (result.reply.kind === 'form' && result.reply.notice)
    await replyMessage(result.reply.notice, 'ephemeral', route);
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
