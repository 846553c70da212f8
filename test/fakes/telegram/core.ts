/** What method handlers share: the state behind the fake and the shape of a handler. */
import type { ChatState } from './chat-state.js';
import type { UploadedFile } from './types.js';
import type { BotState, UpdateHub } from './updates.js';
import type { WebhookDeliverer } from './webhook.js';

export interface Core {
  chats: ChatState;
  updates: UpdateHub;
  webhooks: WebhookDeliverer;
  /** Callback queries the fake sent, by id. */
  callbackQueries: Map<string, { token: string; answered: boolean }>;
  newFileId(): string;
}

/** How a call reached the fake. */
export interface CallContext {
  via: 'http' | 'webhook-reply';
  files: UploadedFile[];
  /** Aborted when the client hangs up (ends a held getUpdates). */
  signal: AbortSignal;
}

export type MethodHandler = (
  core: Core,
  bot: BotState,
  params: Record<string, unknown>,
  ctx: CallContext,
) => unknown;

/** The bot as the `from` of its messages. */
export const botUser = (
  bot: BotState,
): { id: number; is_bot: true; first_name: string; username: string } => ({
  id: bot.me.id,
  is_bot: true,
  first_name: bot.me.first_name,
  username: bot.me.username,
});
