import type { webApi } from '@slack/bolt';
import type { CommandName } from '../interactions/commands.js';
import type { Inbound, Reply } from '../interactions/types.js';
import type { JournalEntry } from '../journal-port.js';
import type { Replayer } from '../recovery.js';
import { decodeAction } from './action-codec.js';
import type { ListenerDeps } from './listeners/deps.js';
import { replyToast, respondTo, sendReply, type ReplyRoute } from './reply.js';

/** What the command and action listeners record before their ack (run-command.ts, run-action.ts). */
export type SlackRecorded =
  | {
      platform: 'slack';
      kind: 'command';
      command: CommandName;
      text: string;
      user: string;
      team: string;
      channel?: string;
      userName?: string;
    }
  | {
      platform: 'slack';
      kind: 'action';
      actionId: string;
      value?: string;
      user: string;
      team: string;
      channel?: string;
      userName?: string;
    };

function recorded(entry: JournalEntry): SlackRecorded | undefined {
  const r = entry.request;
  if (r.platform !== 'slack' || typeof r.user !== 'string' || typeof r.team !== 'string') return undefined;
  if (r.kind === 'command' && typeof r.command === 'string') return r as SlackRecorded;
  if (r.kind === 'action' && typeof r.actionId === 'string') return r as SlackRecorded;
  return undefined;
}

/** A form cannot be reopened (its trigger_id expired 3 s after the click): say it as text, if at all. */
function withoutForm(reply: Reply): Reply {
  if (reply.kind !== 'form') return reply;
  return reply.notice
    ? { kind: 'message', message: reply.notice, visibility: 'ephemeral' }
    : { kind: 'none' };
}

/** The database is still out: keep the entry for the next pass (the person was told to wait). */
function stillUnfinished(inb: Inbound): void {
  if (inb.unfinished)
    throw new Error(`database unavailable; ${inb.key} stays open for the next recovery pass`);
}

/**
 * Slack's half of journal recovery: a slash command or a button press recorded before its ack
 * but never finished is run again through the interactions layer under its original key (so the
 * core finishes the same lead instead of making another) and answered through the recorded
 * response_url (30 minutes, 5 uses), or in a DM when that is gone. Modal submissions are not
 * journalled (they answer inside their ack) and home-tab events need no answer.
 */
export function createSlackReplayer(deps: ListenerDeps & { client: webApi.WebClient }): Replayer {
  return {
    platform: 'slack',
    async replay(entry) {
      const r = recorded(entry);
      if (!r) return; // an event, or nothing we can re-run: finishing it is all there is
      const responseUrl =
        typeof entry.replyTo?.responseUrl === 'string' ? entry.replyTo.responseUrl : undefined;
      const speaker = await deps.speakers.speaker(r.team, r.user, r.userName);
      const inb: Inbound = {
        speaker,
        key: entry._id,
        ...(r.channel
          ? { channel: { platform: 'slack', id: r.channel, isPrivate: !r.channel.startsWith('C') } }
          : {}),
      };
      const route: ReplyRoute = {
        client: deps.client,
        teamId: r.team,
        userId: r.user,
        ...(responseUrl ? { respond: respondTo(responseUrl), responseUrl } : {}),
        ...(r.channel ? { channelId: r.channel } : {}),
      };
      if (r.kind === 'command') {
        const answer = await deps.interactions.command(inb, r.command, r.text);
        stillUnfinished(inb);
        await sendReply(withoutForm(answer), route);
        return;
      }
      const result = await deps.interactions.action(inb, decodeAction(r.actionId, r.value));
      stillUnfinished(inb);
      const reply = withoutForm(result.reply);
      await sendReply(reply, route);
      if (result.toast && reply.kind !== 'message') await replyToast(result.toast, route);
    },
  };
}
