import type { Form, FormValues } from '../forms/form.js';
import type { ActionRef, Message } from '../message.js';
import type { CommandName } from './commands.js';
import type { ActionResult, Inbound, Reply, SubmitResult } from './types.js';

/**
 * The shared interaction layer: every adapter (Slack, Telegram, console) turns platform input into
 * these calls and renders the results. All rules, texts and permissions live behind it.
 */
export interface Interactions {
  /** A slash command / bot command with its raw argument text. */
  command(inb: Inbound, name: CommandName, text: string): Promise<Reply>;
  /** A button press. */
  action(inb: Inbound, action: ActionRef): Promise<ActionResult>;
  /** A submitted form (modal, finished dialog, console prompts). */
  submit(inb: Inbound, form: Form['id'], ref: string | undefined, values: FormValues): Promise<SubmitResult>;
  /** Validates one field on its own (Telegram dialogs check each answer as it is typed). */
  checkField(inb: Inbound, form: Form['id'], fieldId: string, value: string): Promise<string | null>;
  /** The person's queue for a Home tab / `/lead list`: offered, claimed, meetings today, renewals due. */
  home(inb: Inbound): Promise<Message>;
}
