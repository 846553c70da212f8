import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { Markup } from 'telegraf';
import { SCHEMA_METHODS } from './schema-methods.js';
import { createCallValidator, stripNonApiFields } from './validation.js';

const validate = createCallValidator();
const check = (method: string, params: Record<string, unknown>, form = false): string[] =>
  validate(method, stripNonApiFields(params), { form }).map((p) => `${p.path}: ${p.message}`);

describe('call validation (generated schemas + documented limits)', () => {
  it('has a committed schema for every validated method', () => {
    for (const method of SCHEMA_METHODS) {
      expect(existsSync(new URL(`./schemas/${method}.json`, import.meta.url))).toBe(true);
    }
  });

  it('accepts what telegraf Markup builds once its non-API `hide` field is stripped', () => {
    const markup = Markup.inlineKeyboard([
      [Markup.button.callback('Claim', 'claim:1'), Markup.button.url('Open', 'https://example.com')],
    ]);
    expect(JSON.stringify(markup.reply_markup)).toContain('"hide":false');
    expect(check('sendMessage', { chat_id: 1, text: '<b>hi</b>', parse_mode: 'HTML', ...markup })).toEqual(
      [],
    );
  });

  it('names unknown fields, missing fields and wrong types by path', () => {
    expect(check('sendMessage', { chat_id: 1, text: 'hi', parse_mod: 'HTML' })).toEqual([
      'parse_mod: unknown field (not in the Bot API)',
    ]);
    expect(check('sendMessage', { text: 'hi' })).toEqual(['chat_id: missing required field']);
    expect(check('answerCallbackQuery', { callback_query_id: 'q', show_alert: 'yes' })).toEqual([
      'show_alert: must be boolean',
    ]);
    expect(check('sendMessage', { chat_id: 1, text: 'hi', parse_mode: 'html' })).toEqual([
      'parse_mode: must be one of "HTML", "Markdown", "MarkdownV2"',
    ]);
  });

  it('explains a button by the button kind it came closest to', () => {
    const problems = check('sendMessage', {
      chat_id: 1,
      text: 'hi',
      reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: 'go', colour: 'red' }]] },
    });
    expect(problems).toEqual(['reply_markup/inline_keyboard/0/0/colour: unknown field (not in the Bot API)']);
  });

  it('coerces form values (strings) before checking types', () => {
    expect(check('sendMessage', { chat_id: '42', text: 'hi', disable_notification: 'true' }, true)).toEqual(
      [],
    );
    expect(check('sendMessage', { chat_id: '42', text: 'hi', disable_notification: 'maybe' }, true)).toEqual([
      'disable_notification: must be boolean',
    ]);
  });

  it('checks text length after HTML parsing, and empty text', () => {
    const body = 'x'.repeat(4096);
    expect(check('sendMessage', { chat_id: 1, text: `<b>${body}</b>`, parse_mode: 'HTML' })).toEqual([]);
    expect(check('sendMessage', { chat_id: 1, text: `${body}y` })).toEqual([
      'text: 4097 characters after entity parsing (limit 4096)',
    ]);
    expect(
      check('editMessageText', { chat_id: 1, message_id: 2, text: '<i> </i>', parse_mode: 'HTML' }),
    ).toEqual(['text: empty after entity parsing']);
    expect(check('sendMessage', { chat_id: 1, text: '1 < 2', parse_mode: 'HTML' })).toEqual([
      `text: can't parse entities: Unsupported start tag "" at byte offset 2`,
    ]);
    expect(check('sendPhoto', { chat_id: 1, photo: 'file-id', caption: 'c'.repeat(1025) })).toEqual([
      'caption: 1025 characters after entity parsing (limit 1024)',
    ]);
  });

  it('counts callback_data in UTF-8 bytes and wants button text', () => {
    const keyboard = (text: string, data: string) => ({ inline_keyboard: [[{ text, callback_data: data }]] });
    expect(
      check('sendMessage', { chat_id: 1, text: 'a', reply_markup: keyboard('ok', 'é'.repeat(32)) }),
    ).toEqual([]);
    expect(
      check('sendMessage', { chat_id: 1, text: 'a', reply_markup: keyboard('ok', 'é'.repeat(32) + 'x') }),
    ).toEqual(['reply_markup/inline_keyboard/0/0/callback_data: 65 bytes (must be 1-64)']);
    expect(
      check('editMessageReplyMarkup', { chat_id: 1, message_id: 1, reply_markup: keyboard(' ', 'go') }),
    ).toEqual(['reply_markup/inline_keyboard/0/0/text: button text is empty']);
  });

  it('checks answerCallbackQuery text and setMyCommands', () => {
    expect(check('answerCallbackQuery', { callback_query_id: 'q', text: 't'.repeat(201) })).toEqual([
      'text: 201 characters (limit 200)',
    ]);
    const commands = [
      { command: 'start', description: 'Start' },
      { command: 'Start', description: 'Capital letters are not allowed' },
      { command: 'a'.repeat(33), description: 'Too long' },
      { command: 'empty', description: '' },
    ];
    expect(
      check('setMyCommands', { commands, language_code: 'ru', scope: { type: 'all_private_chats' } }),
    ).toEqual([
      'commands/1/command: "Start" is not 1-32 characters of a-z, 0-9 and _',
      `commands/2/command: "${'a'.repeat(33)}" is not 1-32 characters of a-z, 0-9 and _`,
      'commands/3/description: 0 characters (must be 1-256)',
    ]);
    const many = Array.from({ length: 101 }, (_, i) => ({ command: `c${i}`, description: 'd' }));
    expect(check('setMyCommands', { commands: many })).toEqual(['commands: 101 commands (limit 100)']);
    expect(check('setMyCommands', { commands: [], scope: { type: 'chat' } })).toEqual([
      'scope/chat_id: missing required field',
    ]);
  });
});
