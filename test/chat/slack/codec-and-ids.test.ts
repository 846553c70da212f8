// Button codec, addresses and command-text normalisation.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ACTION_IDS } from '../../../src/chat/message.js';
import { ACTION_ID_PATTERN, decodeAction, encodeAction } from '../../../src/chat/slack/action-codec.js';
import { normalizeCommandText, parseSlackAddress, slackAddress } from '../../../src/chat/slack/ids.js';

describe('action codec', () => {
  it('round-trips every action, within Slack limits, each matched by the one action listener', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ACTION_IDS),
        fc.string({ maxLength: 600 }),
        fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        (id, ref, arg) => {
          const action = { id, ref, ...(arg !== undefined ? { arg } : {}) };
          const { actionId, value } = encodeAction(action);
          expect(actionId.length).toBeLessThanOrEqual(255);
          expect(value.length).toBeLessThanOrEqual(2000);
          expect(decodeAction(actionId, value)).toEqual(action);
          // The listener registers ACTION_ID_PATTERN; everything the codec produces reaches it.
          expect(ACTION_ID_PATTERN.test(actionId)).toBe(true);
        },
      ),
    );
  });

  it('refuses foreign action ids with a code', () => {
    expect(() => decodeAction('claim', undefined)).toThrow(
      expect.objectContaining({ code: 'SLACK_ACTION_CODEC' }),
    );
  });

  it("leaves other apps' buttons and look-alikes to other listeners", () => {
    for (const foreign of ['claim', 'lead.claim', 'lead.claimed:L-1', 'xlead.claim:L-1', 'lead-claim:L-1'])
      expect(ACTION_ID_PATTERN.test(foreign)).toBe(false);
    for (const id of ACTION_IDS) expect(ACTION_ID_PATTERN.test(`${id}:L-1`)).toBe(true);
  });
});

describe('ids', () => {
  it('encodes and decodes addresses', () => {
    expect(slackAddress('T1', 'U2')).toBe('slack:T1:U2');
    expect(parseSlackAddress('slack:T1:U2')).toEqual({ teamId: 'T1', userId: 'U2' });
    expect(parseSlackAddress('telegram:42')).toBeNull();
  });

  it('normalises what Slack sends with should_escape', () => {
    expect(normalizeCommandText('ooo <@U0ANNA|anna> 3.12-10.12', 'T1')).toBe(
      'ooo @{slack:T1:U0ANNA} 3.12-10.12',
    );
    expect(
      normalizeCommandText(
        'Acme; Jane; <mailto:jane@acme.com|jane@acme.com>; <https://acme.com|acme.com>',
        'T1',
      ),
    ).toBe('Acme; Jane; jane@acme.com; acme.com');
    expect(
      normalizeCommandText('channel <#C0LEADS|leads> <!here> <!subteam^S1|@sales> R&amp;D &lt;x&gt;', 'T1'),
    ).toBe('channel #leads @here @sales R&D <x>');
  });
});
