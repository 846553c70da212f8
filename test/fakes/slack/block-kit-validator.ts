// Validates what Baton sends to Slack: message payloads (chat.*, response_url) and views. A
// failure carries the error code Slack answers with and Slack-style messages
// ("must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]").
import { limitProblems, type ActionIdScope, type Surface } from './block-kit-limits.js';
import { schemaProblems, type Problem } from './block-kit-schema.js';

export type { ActionIdScope, Surface };

/** Why Slack (or Baton's stricter rules) would refuse a payload. */
export interface ValidationFailure {
  /** The Web API error code, e.g. `invalid_blocks`, `invalid_arguments`, `msg_too_long`. */
  error: string;
  /** Every problem found, formatted like Slack's `errors` / `response_metadata.messages`. */
  problems: string[];
}

export interface ValidationOptions {
  actionIdScope?: ActionIdScope;
}

export const MAX_TEXT_LENGTH = 40_000;
const MODAL_BUTTON_TEXT = 24;
const PRIVATE_METADATA = 3000;

/** Error codes in the order Slack would report them (the first one present wins). */
const PRECEDENCE = [
  'invalid_blocks_format',
  'invalid_blocks',
  'msg_too_long',
  'no_text',
  'invalid_arguments',
];

const format = (p: Problem): string => `${p.message} [json-pointer:${p.pointer}]`;

function failure(found: { error: string; problem: Problem }[]): ValidationFailure | undefined {
  if (found.length === 0) return undefined;
  const error = PRECEDENCE.find((code) => found.some((f) => f.error === code)) ?? found[0]!.error;
  return { error, problems: found.map((f) => format(f.problem)) };
}

/**
 * Checks the message part of chat.postMessage / chat.update / chat.postEphemeral arguments or of
 * a response_url body. `blocks` must already be JSON-decoded (a string here means it was not JSON).
 */
export function checkMessage(
  args: Record<string, unknown>,
  opts: ValidationOptions = {},
): ValidationFailure | undefined {
  const found: { error: string; problem: Problem }[] = [];
  const { blocks, text } = args;
  const add = (error: string, pointer: string, message: string) =>
    found.push({ error, problem: { pointer, message } });
  if (args.attachments !== undefined) {
    add('invalid_arguments', '/attachments', 'legacy attachments are not used: send blocks (Baton rule)');
  }
  if (blocks !== undefined && !Array.isArray(blocks)) {
    add('invalid_blocks_format', '/blocks', 'must be a JSON array of blocks');
  } else if (blocks !== undefined) {
    for (const problem of schemaProblems('MessageBlocks', blocks, '/blocks'))
      found.push({ error: 'invalid_blocks', problem });
    for (const problem of limitProblems(blocks, 'message', '/blocks', opts.actionIdScope)) {
      found.push({ error: 'invalid_blocks', problem });
    }
  }
  const hasText = typeof text === 'string' && text.trim().length > 0;
  if (typeof text === 'string' && text.length > MAX_TEXT_LENGTH) {
    add('msg_too_long', '/text', `must be less than ${MAX_TEXT_LENGTH + 1} characters`);
  }
  if (!hasText && blocks === undefined) add('no_text', '/text', 'text or blocks is required');
  else if (!hasText) {
    add(
      'invalid_arguments',
      '/text',
      'a text fallback is required with blocks (Slack only warns; Baton rule)',
    );
  }
  return failure(found);
}

/**
 * Checks a view for views.open/update/push (`expected: 'modal'`) or views.publish (`'home'`).
 * Slack answers every view problem with `invalid_arguments`.
 */
export function checkView(
  view: unknown,
  expected: 'modal' | 'home',
  opts: ValidationOptions = {},
): ValidationFailure | undefined {
  const problems: Problem[] = [];
  if (typeof view !== 'object' || view === null || Array.isArray(view)) {
    problems.push({ pointer: '/view', message: 'must provide an object' });
  } else {
    const v = view as Record<string, unknown>;
    const blocks = Array.isArray(v.blocks) ? v.blocks : [];
    if (v.type !== expected) {
      problems.push({ pointer: '/view/type', message: `must be "${expected}"` });
    } else {
      // Blocks are checked apart so that a bad block is reported once, not once per view type.
      problems.push(
        ...schemaProblems(
          expected === 'modal' ? 'ModalViewPayload' : 'HomeViewPayload',
          { ...v, blocks: [] },
          '/view',
        ),
      );
      problems.push(...schemaProblems('MessageBlocks', v.blocks ?? [], '/view/blocks'));
    }
    problems.push(...limitProblems(blocks, expected, '/view/blocks', opts.actionIdScope));
    if (typeof v.private_metadata === 'string' && v.private_metadata.length > PRIVATE_METADATA) {
      problems.push({
        pointer: '/view/private_metadata',
        message: `must be less than ${PRIVATE_METADATA + 1} characters`,
      });
    }
    for (const key of ['callback_id', 'external_id']) {
      const id = v[key];
      if (typeof id === 'string' && id.length > 255)
        problems.push({ pointer: `/view/${key}`, message: 'must be less than 256 characters' });
    }
    if (expected === 'modal') {
      for (const key of ['title', 'submit', 'close']) {
        const t = v[key] as { text?: unknown } | undefined;
        if (typeof t?.text === 'string' && t.text.length > MODAL_BUTTON_TEXT) {
          problems.push({
            pointer: `/view/${key}/text`,
            message: `must be less than ${MODAL_BUTTON_TEXT + 1} characters`,
          });
        }
      }
      const hasInput = blocks.some((b) => (b as { type?: unknown } | null)?.type === 'input');
      if (hasInput && v.submit === undefined) {
        problems.push({
          pointer: '/view/submit',
          message: 'submit is required when the view has input blocks',
        });
      }
    }
  }
  return problems.length === 0 ? undefined : { error: 'invalid_arguments', problems: problems.map(format) };
}
