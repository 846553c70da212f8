// Property-based fuzzing (fast-check) of the codecs of what comes back from the platforms:
// Telegram callback_data, Slack action ids and values, modal private_metadata. What we encode
// decodes back; anything else is refused with the codec's own coded error, never a crash.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ACTION_IDS, type ActionRef } from '../../src/chat/message.js';
import {
  ActionCodecError,
  decodeAction as decodeSlackAction,
  encodeAction as encodeSlackAction,
} from '../../src/chat/slack/action-codec.js';
import { decodeMetadata, encodeMetadata, ModalError } from '../../src/chat/slack/forms-to-modal.js';
import {
  byteLength,
  CallbackDataError,
  decodeCallback,
  DIALOG_OPS,
  encodeAction as encodeTelegramAction,
  encodeDialog,
} from '../../src/chat/telegram/callback-data.js';
import { RUNS, text } from './fuzz-text.js';

const actionRef: fc.Arbitrary<ActionRef> = fc.record(
  {
    id: fc.constantFrom(...ACTION_IDS),
    ref: fc.string({ minLength: 1, maxLength: 40 }),
    arg: fc.string({ maxLength: 20 }),
  },
  { requiredKeys: ['id', 'ref'] },
);

describe('fuzzing the codecs', () => {
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
});
