// Payloads Slack sends to an app, shaped like the real ones (see Bolt's types and Slack's
// interaction-payload reference). trigger_ids and response_urls come from the fake, so the app's
// views.open and respond() work against it. Send them with `postToApp` (requests.ts). Events API
// payloads are in event-payloads.ts.
import type { BlockAction, SlashCommand, ViewOutput, ViewSubmitAction } from '@slack/bolt';
import { actionTs, VERIFICATION_TOKEN, type PayloadSource } from './payload-common.js';
import type { StoredMessage } from './slack-state.js';

export type { PayloadSource };

function channelName(channel: string): string {
  if (channel.startsWith('D')) return 'directmessage';
  if (channel.startsWith('G')) return 'privategroup';
  return channel.toLowerCase();
}

function userOf(fake: PayloadSource, id: string) {
  const name = fake.user(id)?.name ?? id.toLowerCase();
  return { id, username: name, name, team_id: fake.team.id };
}

export interface SlashCommandInput {
  command: string;
  text?: string;
  user_id: string;
  channel_id: string;
  team_id?: string;
  channel_name?: string;
  /** Default: issued by the fake now. */
  trigger_id?: string;
  /** Default: issued by the fake for (channel_id, user_id). */
  response_url?: string;
}

/** A slash command, as the form fields Slack posts (send with kind `command`). */
export function slashCommand(fake: PayloadSource, input: SlashCommandInput): SlashCommand {
  return {
    token: VERIFICATION_TOKEN,
    team_id: input.team_id ?? fake.team.id,
    team_domain: fake.team.domain,
    channel_id: input.channel_id,
    channel_name: input.channel_name ?? channelName(input.channel_id),
    user_id: input.user_id,
    user_name: fake.user(input.user_id)?.name ?? input.user_id.toLowerCase(),
    command: input.command,
    text: input.text ?? '',
    api_app_id: fake.bot.appId,
    is_enterprise_install: 'false',
    response_url:
      input.response_url ?? fake.issueResponseUrl({ channel: input.channel_id, user: input.user_id }),
    trigger_id: input.trigger_id ?? fake.issueTriggerId(input.user_id),
  };
}

/** One action; `type`, `block_id` and a button's `text` default to what the message's element says. */
export interface ActionInput {
  action_id: string;
  value?: string;
  block_id?: string;
  type?: string;
  [field: string]: unknown;
}

export interface BlockActionInput {
  user: string;
  actions: ActionInput[];
  /** The message clicked in (e.g. `fake.lastMessageTo(channel)`). */
  message?: StoredMessage;
  /** The channel, when there is no message. */
  channel?: string;
  /** The modal or home tab clicked in (e.g. from `fake.views()`). */
  view?: ViewOutput;
  container?: Record<string, unknown>;
  state?: ViewOutput['state'];
  trigger_id?: string;
  response_url?: string;
}

/** The block and element with this action_id, searched through nested blocks and elements. */
function findElement(
  blocks: unknown,
  actionId: string,
  blockId?: string,
): { block_id?: string; element: Record<string, unknown> } | undefined {
  const visit = (node: unknown, currentBlock?: string): ReturnType<typeof findElement> => {
    if (Array.isArray(node)) {
      for (const n of node) {
        const found = visit(n, currentBlock);
        if (found) return found;
      }
      return undefined;
    }
    if (typeof node !== 'object' || node === null) return undefined;
    const obj = node as Record<string, unknown>;
    const block = typeof obj.block_id === 'string' ? obj.block_id : currentBlock;
    if (obj.action_id === actionId && (blockId === undefined || block === blockId)) {
      return { ...(block !== undefined ? { block_id: block } : {}), element: obj };
    }
    return visit(Object.values(obj), block);
  };
  return visit(blocks);
}

function toAction(input: ActionInput, blocks: unknown) {
  const found = findElement(blocks, input.action_id, input.block_id);
  const type = input.type ?? (typeof found?.element.type === 'string' ? found.element.type : 'button');
  const text = found?.element.text ?? { type: 'plain_text', text: input.action_id, emoji: true };
  return {
    type,
    block_id: input.block_id ?? found?.block_id ?? 'block',
    ...(type === 'button' ? { text } : {}),
    ...(found?.element.value !== undefined && input.value === undefined
      ? { value: found.element.value }
      : {}),
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    action_ts: actionTs(),
  };
}

/** A `block_actions` interaction (send with kind `interaction`). */
export function blockAction(fake: PayloadSource, input: BlockActionInput): BlockAction {
  const { message, view } = input;
  const channel = message?.channel ?? input.channel;
  const blocks = message?.blocks ?? view?.blocks;
  const container =
    input.container ??
    (view
      ? { type: 'view', view_id: view.id }
      : message
        ? {
            type: 'message',
            message_ts: message.ts,
            channel_id: message.channel,
            is_ephemeral: message.ephemeral_to !== undefined,
          }
        : { type: 'message', channel_id: channel });
  const responseUrl =
    input.response_url ??
    (channel && !view
      ? fake.issueResponseUrl({ channel, user: input.user, ...(message ? { messageTs: message.ts } : {}) })
      : undefined);
  const payload = {
    type: 'block_actions' as const,
    user: userOf(fake, input.user),
    api_app_id: fake.bot.appId,
    token: VERIFICATION_TOKEN,
    container,
    trigger_id: input.trigger_id ?? fake.issueTriggerId(input.user),
    team: { id: fake.team.id, domain: fake.team.domain },
    enterprise: null,
    is_enterprise_install: false,
    ...(channel ? { channel: { id: channel, name: channelName(channel) } } : {}),
    ...(message && message.ephemeral_to === undefined ? { message: stripStorage(message) } : {}),
    ...(view ? { view } : {}),
    state: input.state ?? view?.state ?? { values: {} },
    ...(responseUrl ? { response_url: responseUrl } : {}),
    actions: input.actions.map((a) => toAction(a, blocks)),
  };
  // Slack sends no response_url for actions in views, though Bolt's type makes it a string.
  return payload as unknown as BlockAction;
}

function stripStorage(m: StoredMessage): BlockAction['message'] {
  const { channel: _channel, ephemeral_to: _to, ...message } = m;
  return message;
}

export interface ViewSubmissionInput {
  user: string;
  /** The submitted view; spread a view from `fake.views()` to submit what the app opened. */
  view: Partial<ViewOutput> & Pick<ViewOutput, 'callback_id' | 'state'>;
  response_urls?: ViewSubmitAction['response_urls'];
}

/** A `view_submission` interaction (send with kind `interaction`). */
export function viewSubmission(fake: PayloadSource, input: ViewSubmissionInput): ViewSubmitAction {
  const { user: _user, ...view } = input.view as ViewSubmissionInput['view'] & { user?: string };
  const id = view.id ?? 'V0SUBMITTED';
  return {
    type: 'view_submission',
    team: { id: fake.team.id, domain: fake.team.domain },
    user: userOf(fake, input.user),
    api_app_id: fake.bot.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: fake.issueTriggerId(input.user),
    view: {
      id,
      team_id: fake.team.id,
      type: 'modal',
      blocks: [],
      private_metadata: '',
      hash: `${Math.floor(Date.now() / 1000)}.submitted`,
      title: { type: 'plain_text', text: 'Modal', emoji: true },
      close: null,
      submit: null,
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: id,
      previous_view_id: null,
      app_id: fake.bot.appId,
      app_installed_team_id: fake.team.id,
      bot_id: fake.bot.botId,
      external_id: '',
      ...view,
    },
    response_urls: input.response_urls ?? [],
    is_enterprise_install: false,
  };
}
