import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'mongoose';
import type { Form } from '../../../src/chat/forms/form.js';
import {
  choiceKind,
  fixErrors,
  initialValues,
  matchOption,
  matchOptions,
  nextStep,
  type DialogState,
} from '../../../src/chat/telegram/dialogs/dialog-state.js';
import type { DialogStore } from '../../../src/chat/telegram/dialogs/dialog-port.js';
import { createMongoDialogStore } from '../../../src/store/mongo-dialog-store.js';
import { dialogPrompt } from '../../../src/chat/telegram/dialogs/dialog-prompt.js';
import { decodeCallback } from '../../../src/chat/telegram/callback-data.js';
import { TELEGRAM_TEXT_KEYS } from '../../../src/chat/telegram/texts.js';
import { hasKey } from '../../../src/chat/i18n/i18n.js';
import { dropAndClose, openTestConnection } from '../../support/db.js';

const form: Form = {
  id: 'lead',
  title: 'New lead',
  submitLabel: 'Create',
  fields: [
    { id: 'company', kind: 'text', label: 'Company', required: true },
    {
      id: 'source',
      kind: 'select',
      label: 'Source',
      required: true,
      initial: 'inbound',
      options: ['cold_email', 'inbound', 'referral'].map((v) => ({ value: v, label: v.replace('_', ' ') })),
    },
    {
      id: 'bant',
      kind: 'checkboxes',
      label: 'BANT',
      required: false,
      options: ['budget', 'need'].map((v) => ({ value: v, label: v })),
    },
    { id: 'notes', kind: 'textarea', label: 'Notes', required: false },
  ],
};
const state = (patch: Partial<DialogState> = {}): DialogState => ({
  _id: '1:10:10',
  chatId: 10,
  userId: 10,
  dialog: 'abc123',
  form,
  step: 0,
  values: initialValues(form),
  history: [],
  fixing: [],
  page: 0,
  locale: 'en',
  version: 0,
  updatedAt: new Date('2026-12-01T09:00:00Z'),
  expiresAt: new Date('2026-12-01T09:30:00Z'),
  ...patch,
});

describe('dialog moves', () => {
  it('walks the fields in order, then submits; after a refusal only the fields in error', () => {
    expect(nextStep(state())).toEqual({ kind: 'ask', step: 1, fixing: [] });
    expect(nextStep(state({ step: 3 }))).toEqual({ kind: 'submit' });
    const fix = fixErrors(form, { notes: 'too long', company: 'required' })!;
    expect(fix).toEqual({ step: 0, fixing: ['company', 'notes'] });
    expect(nextStep(state(fix))).toEqual({ kind: 'ask', step: 3, fixing: ['notes'] });
    expect(nextStep(state({ step: 3, fixing: ['notes'] }))).toEqual({ kind: 'submit' });
    expect(fixErrors(form, { nosuch: 'x' })).toBeUndefined();
  });

  it('matches typed choices forgivingly', () => {
    const source = form.fields[1]!;
    expect(choiceKind(source)).toBe('one');
    expect(matchOption(source, 'Cold Email')).toBe('cold_email');
    expect(matchOption(source, 'refer')).toBe('referral');
    expect(matchOption(source, 'x')).toBeUndefined();
    expect(matchOptions(form.fields[2]!, 'need, Budget')).toEqual(['need', 'budget']);
    expect(matchOptions(form.fields[2]!, 'need, cash')).toBeUndefined();
  });

  it('asks with escaped text, the current value, and compact buttons', () => {
    const { html, keyboard } = dialogPrompt(
      state({ step: 1, history: [0], form: { ...form, intro: '<L-1>' } }),
    );
    expect(html).toContain('&lt;L-1&gt;');
    expect(html).toContain('Now: inbound');
    const buttons = keyboard.inline_keyboard.flat() as { text: string; callback_data: string }[];
    expect(buttons.map((b) => b.text)).toEqual([
      'cold email',
      '✓ inbound',
      'referral',
      '« Back',
      'Keep',
      'Cancel',
    ]);
    for (const b of buttons) expect(decodeCallback(b.callback_data).kind).toBe('dialog');
  });

  it('pages long option lists', () => {
    const many: Form = {
      ...form,
      fields: [
        {
          id: 'lead',
          kind: 'select',
          label: 'Lead',
          required: true,
          options: Array.from({ length: 20 }, (_, i) => ({ value: `lead_${i}`, label: `L-${i}` })),
        },
      ],
    };
    const first = dialogPrompt(state({ form: many, values: {} }))
      .keyboard.inline_keyboard.flat()
      .map((b) => b.text);
    expect(first).toEqual([...Array.from({ length: 9 }, (_, i) => `L-${i}`), 'More »', 'Cancel']);
    const last = dialogPrompt(state({ form: many, values: {}, page: 2 }))
      .keyboard.inline_keyboard.flat()
      .map((b) => b.text);
    expect(last).toEqual(['L-18', 'L-19', '« Prev', 'Cancel']);
  });
});

it('has every Telegram text in English and Russian', () => {
  expect(TELEGRAM_TEXT_KEYS.filter((k) => !hasKey('ru', k) || !hasKey('en', k))).toEqual([]);
});

describe('dialog store', () => {
  let conn: Connection;
  let store: DialogStore;
  beforeAll(async () => {
    conn = await openTestConnection();
    store = createMongoDialogStore(conn);
  });
  afterAll(async () => {
    await dropAndClose(conn);
  });

  it('lets one of two racing changes win, and forgets expired dialogs', async () => {
    const s = state();
    await store.open(s);
    expect(await store.replace(s, { ...s, step: 1 })).toBe(true);
    expect(await store.replace(s, { ...s, step: 2 })).toBe(false); // stale version
    const now = new Date('2026-12-01T09:10:00Z');
    expect((await store.get(s._id, now))?.step).toBe(1);
    expect(await store.close(s)).toBe(false);
    expect(await store.get(s._id, new Date('2026-12-01T09:30:00Z'))).toBeNull(); // expired
    await store.open(state({ _id: '1:11:11' }));
    expect(await store.purgeExpired(new Date('2026-12-01T10:00:00Z'))).toBe(1);
  });
});
