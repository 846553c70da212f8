/**
 * Bot commands (every name of `COMMANDS`: /lead, /meeting, /team, /kpi, /help, /start) — in private chats and in groups
 * (`/lead@baton_bot`: telegraf matches only our own username, from getMe). Anything else a user
 * writes privately outside a dialog gets the help text.
 */
import { Composer, type Context } from 'telegraf';
import { COMMAND_NAMES, type CommandName } from '../../interactions/commands.js';
import type { Reply } from '../../interactions/types.js';
import { deliverReply } from '../reply.js';
import { inboundOf, type TelegramRuntime } from '../runtime.js';
import { cancelDialogForCommand } from './dialogs.js';

const COMMAND_RE = new RegExp(`^(${COMMAND_NAMES.join('|')})$`, 'i');

/**
 * Runs one command through the interaction layer and shows its reply. An open dialog of the
 * speaker is looked up and ended while the command runs (its read is not on the way to the
 * command's effects, a lead's card among them), and before the reply is shown: "form cancelled"
 * still comes first, and a form the command asks for opens after the old dialog is gone.
 */
async function run(rt: TelegramRuntime, ctx: Context, name: CommandName, text: string): Promise<void> {
  const inb = inboundOf(rt, ctx);
  const ending = cancelDialogForCommand(rt, ctx).then(
    () => undefined,
    (err: unknown) => ({ err }),
  );
  let reply: Reply;
  try {
    reply = await rt.interactions.command(inb, name, text);
  } catch (err) {
    await ending;
    throw err;
  }
  const ended = await ending;
  if (ended) throw ended.err;
  await deliverReply(rt, ctx, inb, reply);
}

/** The commands feature. */
export function commandsFeature(rt: TelegramRuntime): Composer<Context> {
  const c = new Composer<Context>();
  c.command(COMMAND_RE, (ctx) => run(rt, ctx, ctx.command.toLowerCase() as CommandName, ctx.payload.trim()));
  return c;
}

/** The last resort in private chats: unknown commands and stray messages get the help text. */
export function privateFallback(rt: TelegramRuntime): Composer<Context> {
  const c = new Composer<Context>();
  c.on('message', async (ctx, next) => {
    if (ctx.chat.type !== 'private' || !ctx.from || ctx.from.is_bot) return next();
    await run(rt, ctx, 'help', '');
  });
  return c;
}
