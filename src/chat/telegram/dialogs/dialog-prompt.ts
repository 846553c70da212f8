/**
 * What a dialog step looks like: the question (HTML) and its buttons — options for choices,
 * then Back / Skip or Keep / Cancel.
 */
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { encodeDialog, type DialogOp } from '../callback-data.js';
import { escapeHtml } from '../html.js';
import { keyboardOf } from '../keyboards.js';
import { tgText } from '../texts.js';
import { choiceKind, currentField, displayValue, OPTIONS_PER_PAGE, type DialogState } from './dialog-state.js';

type Btn = { text: string; data: string };

function optionButtons(s: DialogState, tr: ReturnType<typeof tgText>, data: (op: DialogOp, n?: number) => string): Btn[] {
  const field = currentField(s);
  const options = field.options ?? [];
  const value = s.values[field.id];
  const many = choiceKind(field) === 'many';
  const chosen = (v: string) => (Array.isArray(value) ? value.includes(v) : value === v);
  const pages = Math.ceil(options.length / OPTIONS_PER_PAGE);
  const page = Math.min(Math.max(0, s.page), Math.max(0, pages - 1));
  const shown = options.slice(page * OPTIONS_PER_PAGE, (page + 1) * OPTIONS_PER_PAGE);
  const buttons: Btn[] = shown.map((o, i) => {
    const n = page * OPTIONS_PER_PAGE + i;
    const mark = many ? (chosen(o.value) ? '☑ ' : '☐ ') : chosen(o.value) ? '✓ ' : '';
    return { text: mark + o.label, data: data(many ? 't' : 'o', n) };
  });
  if (page > 0) buttons.push({ text: tr('telegram.dialog.less'), data: data('p', page - 1) });
  if (page < pages - 1) buttons.push({ text: tr('telegram.dialog.more'), data: data('p', page + 1) });
  return buttons;
}

/** The HTML and keyboard asking the dialog's current field; `error` is shown above the question. */
export function dialogPrompt(s: DialogState, error?: string): { html: string; keyboard: InlineKeyboardMarkup } {
  const tr = tgText(s.locale);
  const field = currentField(s);
  const kind = choiceKind(field);
  const data = (op: DialogOp, n?: number) =>
    encodeDialog({ dialog: s.dialog, step: s.step, op, ...(n !== undefined && { n }) });
  const current = displayValue(field, s.values[field.id]);

  const lines: string[] = [
    `<b>${escapeHtml(tr('telegram.dialog.step', { title: s.form.title, n: s.step + 1, total: s.form.fields.length }))}</b>`,
  ];
  if (s.form.intro) lines.push(`<i>${escapeHtml(s.form.intro)}</i>`);
  if (error) lines.push('', `⚠️ ${escapeHtml(error)}`);
  lines.push('', `<b>${escapeHtml(field.label)}</b>${field.required ? '' : ` <i>(${escapeHtml(tr('telegram.dialog.optional'))})</i>`}`);
  if (field.hint) lines.push(`<i>${escapeHtml(field.hint)}</i>`);
  if (current !== undefined && kind !== 'many') lines.push(escapeHtml(tr('telegram.dialog.current', { value: current })));
  const how = kind === 'one' ? 'telegram.dialog.choose' : kind === 'many' ? 'telegram.dialog.choose_many' : 'telegram.dialog.type';
  const example = kind === 'text' && field.placeholder ? ` <i>${escapeHtml(field.placeholder)}</i>` : '';
  lines.push(escapeHtml(tr(how)) + example);

  const controls: Btn[] = [];
  if (s.history.length) controls.push({ text: tr('telegram.dialog.back'), data: data('b') });
  if (kind === 'many') controls.push({ text: tr('telegram.dialog.done'), data: data('d') });
  else if (current !== undefined) controls.push({ text: tr('telegram.dialog.keep'), data: data('d') });
  if (!field.required && kind !== 'many') controls.push({ text: tr('telegram.dialog.skip'), data: data('s') });
  controls.push({ text: tr('telegram.dialog.cancel'), data: data('c') });
  const options = kind === 'text' ? [] : optionButtons(s, tr, data);
  return { html: lines.join('\n'), keyboard: keyboardOf(options, controls) };
}

/** What a settled step shows once its buttons are gone: the question and the answer. */
export function answeredPrompt(s: DialogState, stepOf: number): string {
  const field = s.form.fields[stepOf];
  if (!field) return '…';
  const value = displayValue(field, s.values[field.id]) ?? '—';
  return `<b>${escapeHtml(field.label)}</b>: ${escapeHtml(value)}`;
}
