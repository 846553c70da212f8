// Neutral forms → Slack modals (validated by the fake's checker) and back: submitted state →
// FormValues, field errors → response_action errors, metadata within 3000 characters.
import { describe, expect, it } from '@jest/globals';
import type { ViewOutput } from '@slack/bolt';
import type { Form } from '../../../src/chat/forms/form.js';
import {
  decodeMetadata,
  encodeMetadata,
  errorsResponse,
  FORM_CALLBACK_ID,
  formToModal,
  viewValues,
} from '../../../src/chat/slack/forms-to-modal.js';
import { checkView } from '../../fakes/slack/index.js';

const form: Form = {
  id: 'meeting',
  ref: 'lead_1',
  title: 'Book a meeting with the AE for this lead',
  submitLabel: 'Book',
  intro: 'L-1 Acme <Inc> & friends',
  fields: [
    { id: 'company', kind: 'text', label: 'Company', required: true, maxLength: 120, initial: 'Acme' },
    { id: 'notes', kind: 'textarea', label: 'Notes', required: false },
    { id: 'email', kind: 'email', label: 'Email', required: false, hint: 'or a phone' },
    { id: 'phone', kind: 'phone', label: 'Phone', required: false },
    { id: 'amount', kind: 'number', label: 'Amount', required: false, initial: '12' },
    { id: 'value', kind: 'money', label: 'Value', required: false, placeholder: '$25,000' },
    {
      id: 'source',
      kind: 'select',
      label: 'Source',
      required: true,
      initial: 'inbound',
      options: [
        { value: 'inbound', label: 'Inbound' },
        { value: 'referral', label: 'Referral' },
      ],
    },
    {
      id: 'tags',
      kind: 'multiselect',
      label: 'Tags',
      required: false,
      initial: ['a'],
      options: [
        { value: 'a', label: 'A' },
        { value: 'b', label: 'B' },
      ],
    },
    { id: 'date', kind: 'date', label: 'Date', required: true, initial: '2026-12-03' },
    { id: 'time', kind: 'time', label: 'Time', required: true, initial: '15:00' },
    { id: 'zone', kind: 'timezone', label: 'Time zone', required: true, initial: 'Europe/Berlin' },
    {
      id: 'bant',
      kind: 'checkboxes',
      label: 'BANT',
      required: false,
      initial: ['need'],
      options: [
        { value: 'budget', label: 'Budget' },
        { value: 'need', label: 'Need' },
      ],
    },
  ],
};

describe('formToModal', () => {
  it('builds a valid modal with one input per field kind, initial values and short title', () => {
    const view = formToModal(form, { responseUrl: 'https://hooks.slack.com/x', channel: 'C1' });
    expect(checkView(view, 'modal')).toBeUndefined();
    expect(view.callback_id).toBe(FORM_CALLBACK_ID);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(decodeMetadata(view.private_metadata!)).toEqual({
      form: 'meeting',
      ref: 'lead_1',
      responseUrl: 'https://hooks.slack.com/x',
      channel: 'C1',
    });
    const elements = view.blocks
      .filter((b) => b.type === 'input')
      .map((b) => (b as { element: { type: string } }).element.type);
    expect(elements).toEqual([
      'plain_text_input',
      'plain_text_input',
      'email_text_input',
      'plain_text_input',
      'number_input',
      'plain_text_input',
      'static_select',
      'multi_static_select',
      'datepicker',
      'timepicker',
      'static_select',
      'checkboxes',
    ]);
    expect(JSON.stringify(view.blocks[0])).toContain('Acme &lt;Inc&gt; &amp; friends');
    const zone = view.blocks.find((b) => 'block_id' in b && b.block_id === 'zone') as {
      element: { option_groups: unknown[]; initial_option: unknown };
    };
    expect(zone.element.option_groups.length).toBeGreaterThan(5);
    expect(zone.element.initial_option).toMatchObject({ value: 'Europe/Berlin' });
  });

  it('reads submitted state back into values (empty fields absent) and keys errors by block', () => {
    const state: ViewOutput['state'] = {
      values: {
        company: { company: { type: 'plain_text_input', value: ' Acme ' } },
        notes: { notes: { type: 'plain_text_input', value: '' } },
        email: { email: { type: 'email_text_input', value: 'jane@' } },
        source: {
          source: {
            type: 'static_select',
            selected_option: { value: 'referral', text: { type: 'plain_text', text: 'Referral' } },
          },
        },
        tags: { tags: { type: 'multi_static_select', selected_options: [] } },
        date: { date: { type: 'datepicker', selected_date: '2026-12-04' } },
        time: { time: { type: 'timepicker', selected_time: '09:30' } },
        bant: {
          bant: {
            type: 'checkboxes',
            selected_options: [{ value: 'budget', text: { type: 'plain_text', text: 'B' } }],
          },
        },
      },
    };
    expect(viewValues(state)).toEqual({
      company: 'Acme',
      email: 'jane@',
      source: 'referral',
      date: '2026-12-04',
      time: '09:30',
      bant: ['budget'],
    });
    expect(errorsResponse({ email: 'is not a valid email address' })).toEqual({
      response_action: 'errors',
      errors: { email: 'is not a valid email address' },
    });
  });

  it('keeps private_metadata within 3000 characters, dropping the response_url first', () => {
    const meta = encodeMetadata({
      form: 'won',
      ref: 'r'.repeat(2900),
      responseUrl: 'u'.repeat(200),
      channel: 'C1',
    });
    expect(meta.length).toBeLessThanOrEqual(3000);
    expect(decodeMetadata(meta)).toEqual({ form: 'won', ref: 'r'.repeat(2900), channel: 'C1' });
    expect(() => encodeMetadata({ form: 'won', ref: 'r'.repeat(3000) })).toThrow(
      expect.objectContaining({ code: 'SLACK_MODAL_INVALID' }),
    );
    expect(decodeMetadata('{"f":"nope"}')).toBeNull();
  });
});
