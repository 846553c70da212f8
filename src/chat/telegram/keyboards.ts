/**
 * Inline keyboards: neutral buttons laid out in rows of at most three (fewer when labels are
 * long, so nothing is cut off on a phone), each carrying a compact callback_data.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { ActionRef, Button } from '../message.js';
import { CallbackDataError, encodeAction, encodeStash } from './callback-data.js';
import type { CallbackStash } from './callback-stash-port.js';

/** Most buttons per row. */
export const MAX_PER_ROW = 3;

/** How many buttons fit a row given the longest label. */
function perRow(labels: string[]): number {
  const longest = Math.max(0, ...labels.map((l) => [...l].length));
  if (longest > 20) return 1;
  if (longest > 12) return 2;
  return MAX_PER_ROW;
}

/** Splits `items` into balanced rows (5 → 3+2, 4 → 2+2), at most `max` per row. */
export function layoutRows<T>(items: T[], max: number): T[][] {
  if (items.length === 0) return [];
  const rows = Math.ceil(items.length / max);
  const size = Math.ceil(items.length / rows);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A button label Telegram accepts (non-empty after trimming). */
export function buttonLabel(label: string): string {
  const trimmed = label.trim();
  return trimmed === '' ? '•' : trimmed;
}

/** The callback_data of an action: encoded inline, or through the stash when it is too long. */
export async function actionData(action: ActionRef, stash?: CallbackStash): Promise<string> {
  try {
    return encodeAction(action);
  } catch (err) {
    if (err instanceof CallbackDataError && err.code === 'CALLBACK_DATA_TOO_LONG' && stash) {
      return encodeStash(await stash.put(action));
    }
    throw err;
  }
}

/** The inline keyboard for a message's buttons, or undefined when there are none. */
export async function actionsKeyboard(
  buttons: Button[],
  stash?: CallbackStash,
): Promise<InlineKeyboardMarkup | undefined> {
  if (buttons.length === 0) return undefined;
  const row: InlineKeyboardButton.CallbackButton[] = [];
  for (const b of buttons) {
    row.push({ text: buttonLabel(b.label), callback_data: await actionData(b.action, stash) });
  }
  return { inline_keyboard: layoutRows(row, perRow(buttons.map((b) => b.label))) };
}

/** A keyboard from ready-made buttons (dialog options, controls), laid out the same way. */
export function keyboardOf(
  options: { text: string; data: string }[],
  controls: { text: string; data: string }[] = [],
): InlineKeyboardMarkup {
  const toButton = (o: { text: string; data: string }): InlineKeyboardButton.CallbackButton => ({
    text: buttonLabel(o.text),
    callback_data: o.data,
  });
  const rows = layoutRows(options.map(toButton), perRow(options.map((o) => o.text)));
  rows.push(...layoutRows(controls.map(toButton), MAX_PER_ROW));
  return { inline_keyboard: rows };
}
