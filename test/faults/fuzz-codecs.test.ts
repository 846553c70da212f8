// Property-based fuzzing (fast-check) of what arrives from outside as text: the /lead quick syntax,
// Telegram callback_data, Slack action ids and values, modal metadata and state, dialog answers.
// Never a crash (only the coded errors each codec documents), and what we encode decodes back.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ViewOutput } from '@slack/bolt';
import { parseLeadSyntax } from '../../src/chat/commands/lead-syntax.js';
import { ACTION_IDS, type ActionRef } from '../../src/chat/message.js';
import {
  ActionCodecError,
  decodeAction as decodeSlackAction,
  encodeAction as encodeSlackAction,
} from '../../src/chat/slack/action-codec.js';
import {
  decodeMetadata,
  encodeMetadata,
  ModalError,
  viewValues,
} from '../../src/chat/slack/forms-to-modal.js';
import {
  byteLength,
  CallbackDataError,
  decodeCallback,
  DIALOG_OPS,
  encodeAction as encodeTelegramAction,
  encodeDialog,
} from '../../src/chat/telegram/callback-data.js';
import { matchOption, matchOptions } from '../../src/chat/telegram/dialogs/dialog-state.js';
import { DEFAULT_LEAD_SOURCES } from '../../src/core/roster/team.js';

const RUNS = { numRuns: 300 };
/** Any text people or platforms might send: unicode, separators, markup, long. */
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom(...';:,%\n\t<>&@#$€₽ '.split(''), 'a', 'Z', '9', 'é', 'Ж'),
    maxLength: 80,
  }),
  fc.array(fc.string({ maxLength: 30 }), { maxLength: 8 }).map((parts) => parts.join('; ')),
);
const actionRef: fc.Arbitrary<ActionRef> = fc.record(
  {
    id: fc.constantFrom(...ACTION_IDS),
    ref: fc.string({ minLength: 1, maxLength: 40 }),
    arg: fc.string({ maxLength: 20 }),
  },
  { requiredKeys: ['id', 'ref'] },
);

describe('fuzzing what comes from outside', () => {
  it('/lead quick syntax: any text parses to loose strings and flags, never a throw', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('USD', 'EUR', 'RUB'), (t, currency) => {
        const input = parseLeadSyntax(t, DEFAULT_LEAD_SOURCES, currency);
        for (const [k, v] of Object.entries(input)) {
          const ok =
            typeof v === 'string' || typeof v === 'boolean' || (k === 'value' && typeof v === 'object');
          expect({ k, ok }).toEqual({ k, ok: true });
        }
      }),
      RUNS,
    );
  });

  it('Telegram callback_data: ours decodes back; anything else is CALLBACK_DATA_INVALID', () => {
    fc.assert(
      fc.property(actionRef, (a) => {
        let data: string;
        try {
          data = encodeTelegramAction(a);
        } catch (err) {
          expect(err).toBeInstanceOf(CallbackDataError);
          return;
        }
        expect(byteLength(data)).toBeLessThanOrEqual(64);
        expect(decodeCallback(data)).toEqual({ kind: 'action', action: a });
      }),
      RUNS,
    );
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/),
        fc.nat({ max: 9999 }),
        fc.constantFrom(...DIALOG_OPS),
        fc.nat({ max: 9999 }),
        (dialog, step, op, n) => {
          const cb = { dialog, step, op, ...(['o', 't', 'p'].includes(op) ? { n } : {}) };
          expect(decodeCallback(encodeDialog(cb))).toEqual({ kind: 'dialog', dialog: cb });
        },
      ),
      RUNS,
    );
    fc.assert(
      fc.property(text, (data) => {
        try {
          decodeCallback(data);
        } catch (err) {
          expect(err).toBeInstanceOf(CallbackDataError);
        }
      }),
      RUNS,
    );
  });

  it('Slack action_id and value: ours decode back; foreign ones are ActionCodecError', () => {
    fc.assert(
      fc.property(actionRef, (a) => {
        const { actionId, value } = encodeSlackAction(a);
        expect(actionId.length).toBeLessThanOrEqual(255);
        expect(decodeSlackAction(actionId, value)).toEqual(a);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(text, fc.option(text, { nil: undefined }), (actionId, value) => {
        try {
          const a = decodeSlackAction(actionId, value);
          expect(ACTION_IDS).toContain(a.id);
        } catch (err) {
          expect(err).toBeInstanceOf(ActionCodecError);
        }
      }),
      RUNS,
    );
  });

  it('modal private_metadata: any string decodes to Baton metadata or null; ours round-trips', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.json()), (raw) => {
        const m = decodeMetadata(raw);
        if (m) expect(typeof m.form).toBe('string');
      }),
      RUNS,
    );
    fc.assert(
      fc.property(
        fc.constantFrom('lead', 'meeting', 'won', 'lost', 'pass'),
        fc.option(fc.string({ minLength: 1, maxLength: 60 }), { nil: undefined }),
        fc.option(fc.webUrl(), { nil: undefined }),
        (form, ref, responseUrl) => {
          const meta = { form, ...(ref ? { ref } : {}), ...(responseUrl ? { responseUrl } : {}) } as const;
          try {
            expect(decodeMetadata(encodeMetadata(meta))).toEqual(meta);
          } catch (err) {
            expect(err).toBeInstanceOf(ModalError);
          }
        },
      ),
      RUNS,
    );
  });

  it('modal state: any Slack-shaped view_submission state reads as strings and lists, never a throw', () => {
    const option = fc.record({ value: fc.string({ maxLength: 40 }) });
    const element = fc.record(
      {
        type: fc.constantFrom(
          'plain_text_input',
          'static_select',
          'radio_buttons',
          'multi_static_select',
          'checkboxes',
          'datepicker',
          'timepicker',
          'email_text_input',
          'number_input',
          'users_select',
        ),
        value: fc.option(text, { nil: null }),
        selected_option: fc.option(option, { nil: null }),
        selected_options: fc.array(option, { maxLength: 4 }),
        selected_date: fc.option(fc.string({ maxLength: 12 }), { nil: null }),
        selected_time: fc.option(fc.string({ maxLength: 6 }), { nil: null }),
      },
      { requiredKeys: ['type'] },
    );
    const state = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), element, { maxKeys: 2 }),
      { maxKeys: 8 },
    );
    fc.assert(
      fc.property(state, (values) => {
        const out = viewValues({ values } as unknown as ViewOutput['state']);
        for (const v of Object.values(out)) {
          const ok = typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
          expect(ok).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('Telegram dialog answers: any typed choice matches options of the field or nothing', () => {
    const field = fc.record({
      id: fc.constant('f'),
      kind: fc.constantFrom('select', 'multiselect', 'checkboxes', 'timezone', 'text'),
      label: fc.constant('F'),
      required: fc.boolean(),
      options: fc.array(
        fc.record({ value: fc.string({ minLength: 1, maxLength: 12 }), label: fc.string({ maxLength: 20 }) }),
        { maxLength: 12 },
      ),
    });
    fc.assert(
      fc.property(field, text, (f, typed) => {
        const values = new Set((f.options ?? []).map((o) => o.value));
        const one = matchOption(f, typed);
        if (one !== undefined) expect(values.has(one)).toBe(true);
        const many = matchOptions(f, typed);
        for (const v of many ?? []) expect(values.has(v)).toBe(true);
      }),
      RUNS,
    );
  });
});
