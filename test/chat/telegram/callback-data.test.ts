import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ACTION_IDS, type ActionRef } from '../../../src/chat/message.js';
import {
  byteLength,
  CALLBACK_DATA_MAX_BYTES,
  CallbackDataError,
  decodeCallback,
  encodeAction,
  encodeDialog,
  encodeStash,
} from '../../../src/chat/telegram/callback-data.js';
import type { CallbackStash } from '../../../src/chat/telegram/callback-stash-port.js';
import { actionData, actionsKeyboard, layoutRows } from '../../../src/chat/telegram/keyboards.js';

const hex16 = fc.stringMatching(/^[0-9a-f]{16}$/);
const realRef = fc.tuple(fc.constantFrom('lead', 'acct', 'mtg', 'per', 'team'), hex16).map(([p, h]) => `${p}_${h}`);
const actionId = fc.constantFrom(...ACTION_IDS);

function memoryStash(): CallbackStash & { size: () => number } {
  const m = new Map<string, ActionRef>();
  return {
    put(a) {
      const token = `tok${m.size.toString().padStart(8, '0')}`;
      m.set(token, a);
      return Promise.resolve(token);
    },
    get: (t) => Promise.resolve(m.get(t) ?? null),
    size: () => m.size,
  };
}

describe('callback_data codec', () => {
  it('encodes every action compactly and round-trips it', () => {
    for (const id of ACTION_IDS) {
      const a: ActionRef = { id, ref: 'lead_1a2b3c4d5e6f7a8b' };
      const data = encodeAction(a);
      expect(byteLength(data)).toBeLessThanOrEqual(24);
      expect(decodeCallback(data)).toEqual({ kind: 'action', action: a });
    }
    expect(encodeAction({ id: 'lead.claim', ref: 'lead_1a2b3c4d5e6f7a8b' })).toBe('lc:lead_1a2b3c4d5e6f7a8b');
  });

  it('fits real ids plus a 39-byte argument, and round-trips any text within the budget (fuzz)', () => {
    fc.assert(
      fc.property(actionId, realRef, fc.option(fc.string({ maxLength: 30 }), { nil: undefined }), (id, ref, arg) => {
        const a: ActionRef = { id, ref, ...(arg !== undefined && { arg }) };
        let data: string;
        try {
          data = encodeAction(a);
        } catch (err) {
          // only arguments full of escaped or multi-byte characters may not fit
          expect((err as CallbackDataError).code).toBe('CALLBACK_DATA_TOO_LONG');
          return;
        }
        expect(byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
        expect(decodeCallback(data)).toEqual({ kind: 'action', action: a });
      }),
      { numRuns: 2000 },
    );
    expect(byteLength(encodeAction({ id: 'kpi.period', ref: 'lead_1a2b3c4d5e6f7a8b', arg: 'x'.repeat(39) }))).toBe(64);
  });

  it('never hands Telegram more than 64 bytes: too long → the stash (fuzz, multi-byte text)', async () => {
    await fc.assert(
      fc.asyncProperty(actionId, fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }), fc.option(fc.string({ unit: 'grapheme' }), { nil: undefined }), async (id, ref, arg) => {
        const stash = memoryStash();
        const a: ActionRef = { id, ref, ...(arg !== undefined && { arg }) };
        const data = await actionData(a, stash);
        expect(byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
        const decoded = decodeCallback(data);
        const back = decoded.kind === 'stash' ? await stash.get(decoded.token) : decoded.kind === 'action' ? decoded.action : null;
        expect(back).toEqual(a);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects what it did not produce with a coded error (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (data) => {
        try {
          const d = decodeCallback(data);
          // whatever decodes must re-encode to the same bytes
          const again =
            d.kind === 'action' ? encodeAction(d.action) : d.kind === 'dialog' ? encodeDialog(d.dialog) : encodeStash(d.token);
          expect(again).toBe(data);
        } catch (err) {
          expect(err).toBeInstanceOf(CallbackDataError);
          expect((err as CallbackDataError).code).toBe('CALLBACK_DATA_INVALID');
        }
      }),
      { numRuns: 3000 },
    );
    for (const bad of ['', 'zz:lead_1', 'lc', 'lc:', 'lc:a:b:c', 'f:abc:1:o', 'f:abc:x:b', 'f:abc:1:b:2', 's:short', 'lc:%zz', 'lc:%3a', 'x'.repeat(65)]) {
      expect(() => decodeCallback(bad)).toThrow(CallbackDataError);
    }
  });

  it('escapes separators so refs and arguments may contain them', () => {
    const a: ActionRef = { id: 'lead.create_anyway', ref: 'draft:1%2', arg: 'a:b' };
    expect(decodeCallback(encodeAction(a))).toEqual({ kind: 'action', action: a });
  });

  it('encodes dialog buttons', () => {
    const cb = { dialog: 'AbC_12-x', step: 12, op: 'o' as const, n: 99 };
    expect(decodeCallback(encodeDialog(cb))).toEqual({ kind: 'dialog', dialog: cb });
    expect(decodeCallback(encodeDialog({ dialog: 'd1', step: 0, op: 'c' }))).toEqual({
      kind: 'dialog',
      dialog: { dialog: 'd1', step: 0, op: 'c' },
    });
  });
});

describe('inline keyboards', () => {
  it('lays out at most three per row, balanced', () => {
    expect(layoutRows([1, 2], 3)).toEqual([[1, 2]]);
    expect(layoutRows([1, 2, 3, 4], 3)).toEqual([[1, 2], [3, 4]]);
    expect(layoutRows([1, 2, 3, 4, 5], 3)).toEqual([[1, 2, 3], [4, 5]]);
    expect(layoutRows([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('uses fewer per row for long labels', async () => {
    const b = (label: string) => ({ label, action: { id: 'lead.claim' as const, ref: 'lead_1' } });
    const short = await actionsKeyboard([b('Claim'), b('Pass'), b('Held')]);
    expect(short?.inline_keyboard.map((r) => r.length)).toEqual([3]);
    const long = await actionsKeyboard([b('Claim this lead now'), b('Pass it on, please'), b('x')]);
    expect(long?.inline_keyboard.map((r) => r.length)).toEqual([2, 1]);
    expect(await actionsKeyboard([])).toBeUndefined();
  });
});
