import { describe, expect, it } from '@jest/globals';
import { checkMessage, checkView } from './block-kit-validator.js';

const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const button = (actionId: string, text = 'Go', extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: actionId,
  text: plain(text),
  ...extra,
});
const section = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'section',
  text: mrkdwn(text),
  ...extra,
});
const message = (...blocks: unknown[]) => ({ text: 'fallback', blocks });
const modal = (extra: Record<string, unknown> = {}, blocks: unknown[] = []) => ({
  type: 'modal',
  title: plain('Qualify lead'),
  blocks,
  ...extra,
});
const input = (blockId: string) => ({
  type: 'input',
  block_id: blockId,
  label: plain('Budget'),
  element: { type: 'plain_text_input', action_id: 'value' },
});

/** Block Kit as Slack's reference and the @slack/types docs show it. */
const REAL_MESSAGE_BLOCKS = [
  { type: 'header', text: plain('New lead :tada:') },
  {
    type: 'section',
    text: mrkdwn('*Farmhouse Thai Cuisine*\n:star::star::star::star: 1528 reviews'),
    accessory: {
      type: 'image',
      image_url: 'https://s3-media3.fl.yelpcdn.com/bphoto/c7ed05m9lC2EmA3Aruue7A/o.jpg',
      alt_text: 'alt text for image',
    },
  },
  { type: 'section', fields: [mrkdwn('*Priority*'), mrkdwn('*Type*'), plain('High'), plain('String')] },
  { type: 'divider' },
  {
    type: 'actions',
    block_id: 'actions1',
    elements: [
      button('claim', 'Claim', {
        style: 'primary',
        value: 'lead_42',
        confirm: {
          title: plain('Are you sure?'),
          text: mrkdwn('Claim *Acme*?'),
          confirm: plain('Do it'),
          deny: plain('Stop'),
        },
      }),
      {
        type: 'static_select',
        action_id: 'stage',
        placeholder: plain('Stage'),
        options: [
          { text: plain('Discovery'), value: 'discovery' },
          { text: plain('Proposal'), value: 'proposal', description: plain('Sent a quote') },
        ],
      },
      {
        type: 'datepicker',
        action_id: 'follow_up',
        initial_date: '1990-04-28',
        placeholder: plain('Select a date'),
      },
      { type: 'overflow', action_id: 'more', options: [{ text: plain('Reassign'), value: 'reassign' }] },
      { type: 'users_select', action_id: 'owner', placeholder: plain('Owner') },
    ],
  },
  {
    type: 'context',
    elements: [
      { type: 'image', image_url: 'https://example.com/avatar.png', alt_text: 'alice' },
      mrkdwn('Routed by *Baton*'),
    ],
  },
  {
    type: 'image',
    image_url: 'https://example.com/chart.png',
    alt_text: 'Pipeline',
    title: plain('Pipeline'),
  },
  {
    type: 'rich_text',
    elements: [
      {
        type: 'rich_text_section',
        elements: [
          { type: 'text', text: 'Hello ', style: { bold: true } },
          { type: 'user', user_id: 'U0ALICE' },
          { type: 'emoji', name: 'wave' },
        ],
      },
    ],
  },
];

describe('the generated Block Kit schema', () => {
  it('accepts real Block Kit messages, modals and home tabs', () => {
    expect(checkMessage({ text: 'New lead', blocks: REAL_MESSAGE_BLOCKS })).toBeUndefined();
    const form = modal(
      {
        submit: plain('Save'),
        close: plain('Cancel'),
        callback_id: 'lead_form',
        private_metadata: '{"id":1}',
      },
      [
        section('Tell us about *Acme*'),
        { ...input('budget'), hint: plain('In EUR') },
        {
          type: 'input',
          block_id: 'notes',
          optional: true,
          label: plain('Notes'),
          element: { type: 'plain_text_input', action_id: 'notes', multiline: true, max_length: 500 },
        },
        {
          type: 'input',
          block_id: 'channels',
          label: plain('Channels'),
          element: {
            type: 'checkboxes',
            action_id: 'channels',
            options: [
              { text: plain('Email'), value: 'email' },
              { text: mrkdwn('*Phone*'), value: 'phone' },
            ],
          },
        },
      ],
    );
    expect(checkView(form, 'modal')).toBeUndefined();
    expect(checkView({ type: 'home', blocks: REAL_MESSAGE_BLOCKS }, 'home')).toBeUndefined();
  });

  it('rejects a button without text', () => {
    const noText = { type: 'actions', elements: [{ type: 'button', action_id: 'claim', value: '1' }] };
    expect(checkMessage(message(noText))).toEqual({
      error: 'invalid_blocks',
      problems: ['missing required field: text [json-pointer:/blocks/0/elements/0]'],
    });
  });

  it('rejects unknown block and element types', () => {
    expect(checkMessage(message({ type: 'attachment', text: mrkdwn('x') }))?.problems).toEqual([
      'unsupported type: attachment [json-pointer:/blocks/0]',
    ]);
    expect(
      checkMessage(message({ type: 'actions', elements: [{ type: 'link', action_id: 'a' }] }))?.problems,
    ).toEqual(['unsupported type: link [json-pointer:/blocks/0/elements/0]']);
  });

  it('rejects extra properties and wrong text types', () => {
    expect(checkMessage(message(section('x', { color: '#f00' })))?.problems).toEqual([
      'unknown field: color [json-pointer:/blocks/0]',
    ]);
    expect(checkMessage(message({ type: 'header', text: mrkdwn('*bold*') }))?.problems).toEqual([
      'must be "plain_text" [json-pointer:/blocks/0/text/type]',
    ]);
    expect(checkView(modal({ title: mrkdwn('Title') }), 'modal')?.problems).toEqual([
      'must be "plain_text" [json-pointer:/view/title/type]',
    ]);
  });

  it('rejects an image type-confused by the intersection in @slack/types', () => {
    expect(
      checkMessage(message({ type: 'picture', image_url: 'https://x/y.png', alt_text: 'y' }))?.error,
    ).toBe('invalid_blocks');
    expect(
      checkMessage(
        message({ type: 'image', image_url: 'https://x/y.png', slack_file: { id: 'F1' }, alt_text: 'y' }),
      )?.problems,
    ).toEqual(['must provide exactly one of image_url or slack_file [json-pointer:/blocks/0]']);
  });
});

describe('Block Kit limits', () => {
  const over = (n: number) => 'x'.repeat(n + 1);

  it.each([
    [
      '50 blocks per message',
      message(...Array.from({ length: 51 }, () => ({ type: 'divider' }))),
      '/blocks',
      'items',
    ],
    ['section text 3000', message(section(over(3000))), '/blocks/0/text/text', 'characters'],
    [
      'header text 150',
      message({ type: 'header', text: plain(over(150)) }),
      '/blocks/0/text/text',
      'characters',
    ],
    [
      'button text 75',
      message({ type: 'actions', elements: [button('a', over(75))] }),
      '/blocks/0/elements/0/text/text',
      'characters',
    ],
    [
      'button value 2000',
      message({ type: 'actions', elements: [button('a', 'Go', { value: over(2000) })] }),
      '/blocks/0/elements/0/value',
      'characters',
    ],
    [
      'action_id 255',
      message({ type: 'actions', elements: [button(over(255))] }),
      '/blocks/0/elements/0/action_id',
      'characters',
    ],
    ['block_id 255', message({ type: 'divider', block_id: over(255) }), '/blocks/0/block_id', 'characters'],
  ])('%s', (_name, args, pointer, unit) => {
    const failure = checkMessage(args);
    expect(failure?.error).toBe('invalid_blocks');
    expect(failure?.problems).toContainEqual(
      expect.stringMatching(new RegExp(`must be less than \\d+ ${unit} \\[json-pointer:${pointer}\\]`)),
    );
  });

  it('requires block_id and action_id to be unique', () => {
    const dup = message(
      { type: 'divider', block_id: 'b' },
      { type: 'actions', block_id: 'b', elements: [button('a'), button('a')] },
    );
    expect(checkMessage(dup)?.problems).toEqual([
      "duplicate block_id 'b' (first at /blocks/0/block_id) [json-pointer:/blocks/1/block_id]",
      "duplicate action_id 'a' (first at /blocks/1/elements/0/action_id) [json-pointer:/blocks/1/elements/1/action_id]",
    ]);
    const acrossBlocks = message(
      { type: 'actions', elements: [button('a')] },
      { type: 'actions', elements: [button('a')] },
    );
    expect(checkMessage(acrossBlocks)?.error).toBe('invalid_blocks');
    expect(checkMessage(acrossBlocks, { actionIdScope: 'block' })).toBeUndefined();
  });

  it('requires a text fallback with blocks and caps text at 40000', () => {
    expect(checkMessage({ blocks: [section('hi')] })).toEqual({
      error: 'invalid_arguments',
      problems: [
        'a text fallback is required with blocks (Slack only warns; Baton rule) [json-pointer:/text]',
      ],
    });
    expect(checkMessage({})?.error).toBe('no_text');
    expect(checkMessage({ text: over(40000) })?.error).toBe('msg_too_long');
    expect(checkMessage({ text: 'hi', blocks: '[{"type":' })?.error).toBe('invalid_blocks_format');
  });

  it('keeps input blocks to modals', () => {
    expect(checkMessage(message(input('budget')))?.problems).toEqual([
      'input blocks belong in modals, not in a message (Baton rule) [json-pointer:/blocks/0]',
    ]);
    expect(checkView({ type: 'home', blocks: [input('budget')] }, 'home')?.error).toBe('invalid_arguments');
  });

  it('limits modals: 100 blocks, 24-character title/submit/close, 3000 of private_metadata, submit with inputs', () => {
    const blocks = Array.from({ length: 101 }, () => ({ type: 'divider' }));
    expect(checkView(modal({}, blocks), 'modal')?.problems).toEqual([
      'must be less than 101 items [json-pointer:/view/blocks]',
    ]);
    expect(checkView(modal({}, blocks.slice(1)), 'modal')).toBeUndefined();
    const long = modal({
      title: plain(over(24)),
      submit: plain(over(24)),
      close: plain(over(24)),
      private_metadata: over(3000),
    });
    expect(checkView(long, 'modal')?.problems).toEqual([
      'must be less than 3001 characters [json-pointer:/view/private_metadata]',
      'must be less than 25 characters [json-pointer:/view/title/text]',
      'must be less than 25 characters [json-pointer:/view/submit/text]',
      'must be less than 25 characters [json-pointer:/view/close/text]',
    ]);
    expect(checkView(modal({}, [input('budget')]), 'modal')?.problems).toEqual([
      'submit is required when the view has input blocks [json-pointer:/view/submit]',
    ]);
    expect(checkView(modal(), 'home')?.problems).toEqual(['must be "home" [json-pointer:/view/type]']);
  });
});
