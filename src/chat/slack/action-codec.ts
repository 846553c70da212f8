import { createHash } from 'node:crypto';
import { ACTION_IDS, isActionId, type ActionRef } from '../message.js';

/**
 * Buttons on Slack: `action_id` = `<action id>:<ref>[:<arg>]` (unique in a message even when a
 * Home tab lists many leads, as Baton's validator requires, and readable in logs), `value` = the
 * same reference as JSON, the source of truth when decoding. Ids too long for Slack's 255
 * characters keep the prefix and a hash of the rest.
 */
export const ACTION_ID_MAX = 255;
export const ACTION_VALUE_MAX = 2000;

/** A coded failure to encode or decode a button. */
export class ActionCodecError extends Error {
  readonly code = 'SLACK_ACTION_CODEC';
  constructor(message: string) {
    super(message);
    this.name = 'ActionCodecError';
  }
}

/**
 * The one pattern Slack's action listener registers: every `action_id` this codec produces starts
 * with a Baton action id and a colon (long ones too: they keep the prefix), and no other does.
 * Which action it is, the listener learns from {@link decodeAction}.
 */
export const ACTION_ID_PATTERN = new RegExp(
  `^(?:${ACTION_IDS.map((id) => id.replace(/[.]/g, '\\.')).join('|')}):`,
);

/** Encodes a button's action as Slack's `action_id` and `value`. */
export function encodeAction(action: ActionRef): { actionId: string; value: string } {
  const value = JSON.stringify(
    action.arg === undefined ? { r: action.ref } : { r: action.ref, a: action.arg },
  );
  if (value.length > ACTION_VALUE_MAX) {
    throw new ActionCodecError(`button value for ${action.id} is ${value.length} characters (max 2000)`);
  }
  const full = [action.id, action.ref, ...(action.arg === undefined ? [] : [action.arg])].join(':');
  const actionId =
    full.length <= ACTION_ID_MAX
      ? full
      : `${action.id}:#${createHash('sha256').update(full).digest('base64url').slice(0, 32)}`;
  return { actionId, value };
}

/** Decodes a pressed button back into the action; throws {@link ActionCodecError} for foreign ids. */
export function decodeAction(actionId: string, value: string | undefined): ActionRef {
  const sep = actionId.indexOf(':');
  const id = sep < 0 ? actionId : actionId.slice(0, sep);
  if (!isActionId(id)) throw new ActionCodecError(`not a Baton action: ${actionId}`);
  if (value) {
    try {
      const parsed = JSON.parse(value) as { r?: unknown; a?: unknown };
      if (typeof parsed.r === 'string') {
        return { id, ref: parsed.r, ...(typeof parsed.a === 'string' ? { arg: parsed.a } : {}) };
      }
    } catch {
      // fall through to the action_id
    }
  }
  const rest = sep < 0 ? '' : actionId.slice(sep + 1);
  if (!rest || rest.startsWith('#')) throw new ActionCodecError(`action ${actionId} carries no reference`);
  const [ref = '', arg] = rest.split(':');
  return { id, ref, ...(arg !== undefined ? { arg } : {}) };
}
