/**
 * The callback_data codec: what an inline button carries back to us, in at most 64 UTF-8 bytes
 * (Telegram answers BUTTON_DATA_INVALID past that).
 *
 * Grammar (fields are percent-escaped: only `%` and `:` are escaped, so ids stay readable):
 *   action  `<code>:<ref>[:<arg>]`   code = two letters per ActionId (`lc` = lead.claim)
 *   dialog  `f:<dialog>:<step>:<op>[:<n>]`   a step-by-step form's buttons (see dialogs/)
 *   stash   `s:<token>`   an ActionRef too long to carry, kept in the database (keyboards.ts)
 *
 * Budget for actions: 2 (code) + 1 + ref + 1 + arg ≤ 64 bytes. A ref like
 * `lead_1a2b3c4d5e6f7a8b` is 21 bytes, which leaves 39 bytes for an argument. Anything longer
 * throws CALLBACK_DATA_TOO_LONG here and goes through the stash instead.
 */
import { ACTION_IDS, ACTIONS, type ActionId, type ActionRef } from '../message.js';

/** Telegram's limit, in UTF-8 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** Every action's two-letter code (the table in message.ts). */
const CODE_OF: Record<ActionId, string> = ACTIONS;
const ACTION_OF = new Map<string, ActionId>(ACTION_IDS.map((id) => [CODE_OF[id], id]));

/** What the Telegram adapter can fail with while encoding or decoding callback data. */
export type CallbackDataErrorCode = 'CALLBACK_DATA_TOO_LONG' | 'CALLBACK_DATA_INVALID';

/** A callback_data that cannot be built or read; `code` says which. */
export class CallbackDataError extends Error {
  constructor(
    readonly code: CallbackDataErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CallbackDataError';
  }
}

/**
 * The dialog button operations: choose option n, toggle option n (checkboxes), show page n of
 * the options, done/keep the current value, back, skip, cancel.
 */
export const DIALOG_OPS = ['o', 't', 'p', 'd', 'b', 's', 'c'] as const;
export type DialogOp = (typeof DIALOG_OPS)[number];

/** A dialog button: which dialog, which step it was shown at, what it does (and which option). */
export type DialogCallback = { dialog: string; step: number; op: DialogOp; n?: number };

/** A decoded callback_data. */
export type DecodedCallback =
  | { kind: 'action'; action: ActionRef }
  | { kind: 'dialog'; dialog: DialogCallback }
  | { kind: 'stash'; token: string };

/** UTF-8 size of a string, as Telegram counts callback_data. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

const escapeField = (s: string) => s.replace(/%/g, '%25').replace(/:/g, '%3A');

function unescapeField(s: string, data: string): string {
  if (/%(?!25|3A)/.test(s)) throw invalid(data, 'bad escape');
  return s.replace(/%3A/g, ':').replace(/%25/g, '%');
}

function invalid(data: string, why: string): CallbackDataError {
  return new CallbackDataError('CALLBACK_DATA_INVALID', `callback_data ${JSON.stringify(data)}: ${why}`);
}

function fits(data: string): string {
  const bytes = byteLength(data);
  if (bytes > CALLBACK_DATA_MAX_BYTES) {
    throw new CallbackDataError(
      'CALLBACK_DATA_TOO_LONG',
      `callback_data is ${bytes} bytes (limit ${CALLBACK_DATA_MAX_BYTES})`,
    );
  }
  return data;
}

/** The callback_data of a button's action; throws CALLBACK_DATA_TOO_LONG past 64 bytes. */
export function encodeAction(action: ActionRef): string {
  if (action.ref === '') throw new CallbackDataError('CALLBACK_DATA_INVALID', 'an action needs a ref');
  const parts = [CODE_OF[action.id], escapeField(action.ref)];
  if (action.arg !== undefined) parts.push(escapeField(action.arg));
  return fits(parts.join(':'));
}

/** The callback_data of a dialog button. */
export function encodeDialog(cb: DialogCallback): string {
  if (!/^[A-Za-z0-9_-]{1,16}$/.test(cb.dialog)) {
    throw new CallbackDataError('CALLBACK_DATA_INVALID', `bad dialog id ${JSON.stringify(cb.dialog)}`);
  }
  const parts = ['f', cb.dialog, String(cb.step), cb.op];
  if (cb.n !== undefined) parts.push(String(cb.n));
  return fits(parts.join(':'));
}

/** The callback_data that points at a stashed action. */
export function encodeStash(token: string): string {
  return fits(`s:${token}`);
}

const isIndex = (s: string | undefined) => s !== undefined && /^(0|[1-9]\d{0,3})$/.test(s);

/** Reads a callback_data; anything we did not produce throws CALLBACK_DATA_INVALID. */
export function decodeCallback(data: string): DecodedCallback {
  if (data === '' || byteLength(data) > CALLBACK_DATA_MAX_BYTES) throw invalid(data, 'bad size');
  const parts = data.split(':');
  const [tag, a, b, c, d, ...rest] = parts;
  if (tag === 's') {
    if (!a || !/^[A-Za-z0-9_-]{8,40}$/.test(a) || parts.length !== 2) throw invalid(data, 'bad stash token');
    return { kind: 'stash', token: a };
  }
  if (tag === 'f') {
    const op = c as DialogOp;
    const ok =
      a !== undefined &&
      /^[A-Za-z0-9_-]{1,16}$/.test(a) &&
      isIndex(b) &&
      (DIALOG_OPS as readonly string[]).includes(op) &&
      rest.length === 0 &&
      (d === undefined || isIndex(d)) &&
      ((op === 'o' || op === 't' || op === 'p') === (d !== undefined));
    if (!ok) throw invalid(data, 'bad dialog button');
    return { kind: 'dialog', dialog: { dialog: a, step: Number(b), op, ...(d !== undefined && { n: Number(d) }) } };
  }
  const id = tag === undefined ? undefined : ACTION_OF.get(tag);
  if (!id || !a || parts.length > 3) throw invalid(data, 'unknown action');
  const ref = unescapeField(a, data);
  const action: ActionRef = { id, ref };
  if (b !== undefined) action.arg = unescapeField(b, data);
  return { kind: 'action', action };
}
