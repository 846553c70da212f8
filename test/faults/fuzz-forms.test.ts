// Property-based fuzzing (fast-check) of what people type and what a modal submits: the /lead
// quick syntax, view_submission state, Telegram dialog answers. Never a crash, always plain
// strings (or lists) out, and choices only ever among the field's options.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ViewOutput } from '@slack/bolt';
import { parseLeadSyntax } from '../../src/chat/parsers/lead-syntax.js';
import { viewValues } from '../../src/chat/slack/forms-to-modal.js';
import { matchOption, matchOptions } from '../../src/chat/telegram/dialogs/dialog-state.js';
import { DEFAULT_LEAD_SOURCES } from '../../src/core/roster/team.js';
import { RUNS, text } from './fuzz-text.js';

describe('fuzzing typed text and submitted forms', () => {
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
