import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { CommandName } from '../../../interactions/commands.js';
import type { Inbound } from '../../../interactions/types.js';
import { normalizeCommandText } from '../../ids.js';
import { sendReply } from '../../reply.js';
import type { ListenerDeps } from '../deps.js';
import { completeQuietly, recordThenAck } from '../record-then-ack.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** The idempotency key of a slash command: its trigger_id is unique per invocation. */
export const commandKey = (teamId: string, triggerId: string) => `slack:cmd:${teamId}:${triggerId}`;

/**
 * One slash command: journal → ack → who is speaking → `Interactions.command` → the reply
 * (ephemeral through the response_url, or a modal on the trigger_id). A redelivered command
 * (`X-Slack-Retry-Num`, same trigger_id) is acknowledged and skipped.
 */
export function commandListener(deps: ListenerDeps, name: CommandName) {
  return async ({ command, ack, respond, client }: CommandArgs): Promise<void> => {
    const teamId = command.team_id;
    const key = commandKey(teamId, command.trigger_id);
    const text = normalizeCommandText(command.text ?? '', teamId);
    const request = {
      platform: 'slack',
      kind: 'command',
      command: name,
      text,
      user: command.user_id,
      team: teamId,
      channel: command.channel_id,
      userName: command.user_name,
    };
    if (
      !(await recordThenAck(
        deps.journal,
        key,
        request,
        { responseUrl: command.response_url },
        () => ack(),
        deps.log,
      ))
    ) {
      deps.log.info({ key }, 'slack: repeated command skipped');
      return;
    }
    const speaker = await deps.speakers.speaker(teamId, command.user_id, command.user_name);
    const inb: Inbound = {
      speaker,
      key,
      channel: { platform: 'slack', id: command.channel_id, isPrivate: !command.channel_id.startsWith('C') },
    };
    const reply = await deps.interactions.command(inb, name, text);
    await sendReply(reply, {
      client,
      teamId,
      userId: command.user_id,
      respond,
      responseUrl: command.response_url,
      triggerId: command.trigger_id,
      channelId: command.channel_id,
    });
    // After a database outage the entry stays open: recovery finishes the work and answers.
    if (inb.unfinished) deps.journal.release(key);
    else await completeQuietly(deps.journal, key, deps.log);
  };
}
