import type { ViewOutput, ViewStateValue } from '@slack/bolt';
import type { KnownBlock, ModalView } from '@slack/types';
import type { FieldErrors, Form, FormValues } from '../forms/form.js';
import { FORM_IDS } from '../forms/index.js';
import { fieldElement } from './form-elements.js';
import { escapeMrkdwn, hardCut, truncate } from './mrkdwn.js';

/** The one `callback_id` of Baton's modals; the form id travels in `private_metadata`. */
export const FORM_CALLBACK_ID = 'baton.form';

const TITLE_MAX = 24;
const METADATA_MAX = 3000;
const LABEL_MAX = 2000;

/** What a modal carries through Slack and back: the form, its ref, and where to answer. */
export type ModalMetadata = {
  /** One of `FORM_IDS`: metadata naming another is refused. */
  form: Form['id'];
  ref?: string;
  /** The response_url of the command or button that opened the modal (answers go there). */
  responseUrl?: string;
  /** The channel the modal was opened from. */
  channel?: string;
};

/** A coded failure to fit a form into a modal. */
export class ModalError extends Error {
  readonly code = 'SLACK_MODAL_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ModalError';
  }
}

/** Encodes the metadata (≤ 3000 characters: the response_url, then the channel, go first when too long). */
export function encodeMetadata(meta: ModalMetadata): string {
  const attempts: Record<string, string | undefined>[] = [
    { f: meta.form, r: meta.ref, u: meta.responseUrl, c: meta.channel },
    { f: meta.form, r: meta.ref, c: meta.channel },
    { f: meta.form, r: meta.ref },
  ];
  for (const a of attempts) {
    const json = JSON.stringify(a);
    if (json.length <= METADATA_MAX) return json;
  }
  throw new ModalError(`the reference of form ${meta.form} does not fit private_metadata`);
}

/** Decodes `private_metadata`, or null when it is not Baton's. */
export function decodeMetadata(raw: string): ModalMetadata | null {
  try {
    const m = JSON.parse(raw) as Record<string, unknown>;
    if (typeof m.f !== 'string' || !(FORM_IDS as readonly string[]).includes(m.f)) return null;
    const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    const ref = str(m.r);
    const responseUrl = str(m.u);
    const channel = str(m.c);
    return {
      form: m.f,
      ...(ref ? { ref } : {}),
      ...(responseUrl ? { responseUrl } : {}),
      ...(channel ? { channel } : {}),
    };
  } catch {
    return null;
  }
}

/**
 * A neutral form as a Slack modal: one input block per field (`block_id` = `action_id` = the field
 * id, so errors and values map back without the form), the intro as a section, title and submit
 * shortened to Slack's 24 characters.
 */
export function formToModal(form: Form, where: Omit<ModalMetadata, 'form' | 'ref'> = {}): ModalView {
  const blocks: KnownBlock[] = [];
  if (form.intro?.trim()) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: hardCut(escapeMrkdwn(form.intro), 3000) } });
  }
  for (const field of form.fields) {
    if (field.id.length > 255) throw new ModalError(`field id ${field.id.slice(0, 40)}… is too long`);
    blocks.push({
      type: 'input',
      block_id: field.id,
      optional: !field.required,
      label: { type: 'plain_text', text: truncate(field.label.trim() || field.id, LABEL_MAX), emoji: true },
      ...(field.hint
        ? { hint: { type: 'plain_text', text: truncate(field.hint, LABEL_MAX), emoji: true } }
        : {}),
      element: fieldElement(field),
    });
  }
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    private_metadata: encodeMetadata({ form: form.id, ...(form.ref ? { ref: form.ref } : {}), ...where }),
    title: { type: 'plain_text', text: truncate(form.title.trim() || 'Baton', TITLE_MAX), emoji: true },
    ...(form.fields.length
      ? {
          submit: {
            type: 'plain_text',
            text: truncate(form.submitLabel.trim() || 'OK', TITLE_MAX),
            emoji: true,
          },
        }
      : {}),
    blocks,
  };
}

function stateValue(v: ViewStateValue): string | string[] | undefined {
  switch (v.type) {
    case 'datepicker':
      return v.selected_date ?? undefined;
    case 'timepicker':
      return v.selected_time ?? undefined;
    case 'static_select':
    case 'radio_buttons':
      return v.selected_option?.value ?? undefined;
    case 'multi_static_select':
    case 'checkboxes': {
      const list = (v.selected_options ?? []).map((o) => o.value);
      return list.length ? list : undefined;
    }
    default: {
      const text = v.value?.trim();
      return text ? text : undefined;
    }
  }
}

/** The submitted values of a modal, keyed by field id (empty fields are absent). */
export function viewValues(state: ViewOutput['state']): FormValues {
  const values: FormValues = {};
  for (const [blockId, actions] of Object.entries(state.values)) {
    const v = actions[blockId] ?? Object.values(actions)[0];
    if (!v) continue;
    const value = stateValue(v);
    if (value !== undefined) values[blockId] = value;
  }
  return values;
}

/** Field errors as Slack's `response_action: 'errors'` (keys are the input blocks' ids). */
export function errorsResponse(errors: FieldErrors): {
  response_action: 'errors';
  errors: Record<string, string>;
} {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) out[field] = truncate(message, LABEL_MAX);
  return { response_action: 'errors', errors: out };
}
