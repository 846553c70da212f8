/**
 * The Bot API limits that no type expresses (lengths, byte counts, character sets), with the
 * error Telegram answers when one is broken. Lengths are counted in UTF-16 code units, as
 * Telegram counts entity offsets; that is never more lenient than Telegram itself.
 */
import { badRequest, BotApiError } from './errors.js';
import {
  EntityParseError,
  parseTelegramHtml,
  trimText,
  type ParsedText,
  type TextEntity,
} from './telegram-html.js';

/** One broken rule: where, what, and the `description` Telegram would answer with. */
export interface Problem {
  path: string;
  message: string;
  description: string;
}

export const LIMITS = {
  text: 4096,
  caption: 1024,
  callbackData: 64,
  callbackAnswerText: 200,
  commands: 100,
  commandDescription: 256,
} as const;

/**
 * The text a user would see for `raw` sent with `parse_mode` (HTML is parsed; Markdown modes are
 * not, so their markup counts towards the length). Throws Telegram's 400 for invalid HTML.
 */
export function renderText(raw: string, parseMode: unknown, entities: unknown): ParsedText {
  if (parseMode === 'HTML') {
    try {
      return parseTelegramHtml(raw);
    } catch (e) {
      if (e instanceof EntityParseError) throw badRequest(`can't parse entities: ${e.message}`);
      throw e;
    }
  }
  return trimText({ text: raw, entities: Array.isArray(entities) ? (entities as TextEntity[]) : [] });
}

function checkText(
  problems: Problem[],
  path: string,
  raw: unknown,
  parseMode: unknown,
  entities: unknown,
  { max, required }: { max: number; required: boolean },
): void {
  if (typeof raw !== 'string') return; // the schema reports a missing or mistyped field
  let text: string;
  try {
    text = renderText(raw, parseMode, entities).text;
  } catch (e) {
    if (!(e instanceof BotApiError)) throw e;
    problems.push({ path, message: e.description.replace(/^Bad Request: /, ''), description: e.description });
    return;
  }
  if (required && text.length === 0) {
    problems.push({
      path,
      message: 'empty after entity parsing',
      description: 'Bad Request: message text is empty',
    });
  } else if (text.length > max) {
    const what = path === 'caption' ? 'message caption is too long' : 'message is too long';
    problems.push({
      path,
      message: `${text.length} characters after entity parsing (limit ${max})`,
      description: `Bad Request: ${what}`,
    });
  }
}

function checkInlineKeyboard(problems: Problem[], markup: unknown): void {
  const rows = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return;
  rows.forEach((row, r) => {
    if (!Array.isArray(row)) return;
    row.forEach((button: Record<string, unknown> | null, b) => {
      const path = `reply_markup/inline_keyboard/${r}/${b}`;
      if (typeof button?.text === 'string' && button.text.trim() === '') {
        problems.push({
          path: `${path}/text`,
          message: 'button text is empty',
          description: 'Bad Request: BUTTON_TEXT_INVALID',
        });
      }
      const data = button?.callback_data;
      if (typeof data !== 'string') return;
      const bytes = Buffer.byteLength(data, 'utf8');
      if (bytes < 1 || bytes > LIMITS.callbackData) {
        problems.push({
          path: `${path}/callback_data`,
          message: `${bytes} bytes (must be 1-${LIMITS.callbackData})`,
          description: 'Bad Request: BUTTON_DATA_INVALID',
        });
      }
    });
  });
}

function checkCommands(problems: Problem[], commands: unknown): void {
  if (!Array.isArray(commands)) return;
  if (commands.length > LIMITS.commands) {
    problems.push({
      path: 'commands',
      message: `${commands.length} commands (limit ${LIMITS.commands})`,
      description: 'Bad Request: BOT_COMMANDS_TOO_MUCH',
    });
  }
  commands.forEach((c: { command?: unknown; description?: unknown } | null, i) => {
    if (typeof c?.command === 'string' && !/^[a-z0-9_]{1,32}$/.test(c.command)) {
      problems.push({
        path: `commands/${i}/command`,
        message: `"${c.command}" is not 1-32 characters of a-z, 0-9 and _`,
        description: 'Bad Request: BOT_COMMAND_INVALID',
      });
    }
    const d = c?.description;
    if (typeof d === 'string' && (d.trim().length === 0 || d.length > LIMITS.commandDescription)) {
      problems.push({
        path: `commands/${i}/description`,
        message: `${d.length} characters (must be 1-${LIMITS.commandDescription})`,
        description: 'Bad Request: command description is invalid',
      });
    }
  });
}

/** Every documented limit that `params` of `method` breaks (none for methods without limits). */
export function checkLimits(method: string, params: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const p = params;
  switch (method) {
    case 'sendMessage':
    case 'editMessageText':
      checkText(problems, 'text', p.text, p.parse_mode, p.entities, { max: LIMITS.text, required: true });
      break;
    case 'sendPhoto':
    case 'sendDocument':
    case 'editMessageCaption':
      checkText(problems, 'caption', p.caption, p.parse_mode, p.caption_entities, {
        max: LIMITS.caption,
        required: false,
      });
      break;
    case 'answerCallbackQuery':
      if (typeof p.text === 'string' && p.text.length > LIMITS.callbackAnswerText) {
        problems.push({
          path: 'text',
          message: `${p.text.length} characters (limit ${LIMITS.callbackAnswerText})`,
          description: 'Bad Request: MESSAGE_TOO_LONG',
        });
      }
      break;
    case 'setMyCommands':
      checkCommands(problems, p.commands);
      break;
    case 'setWebhook':
      if (typeof p.secret_token === 'string' && !/^[A-Za-z0-9_-]{1,256}$/.test(p.secret_token)) {
        problems.push({
          path: 'secret_token',
          message: 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -',
          description: 'Bad Request: secret token contains unallowed characters',
        });
      }
      break;
  }
  checkInlineKeyboard(problems, p.reply_markup);
  return problems;
}
