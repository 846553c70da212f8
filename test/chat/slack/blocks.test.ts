// Neutral messages → Block Kit: every output is checked by the fake Slack's validator (schema from
// @slack/types plus the documented limits), and user text never turns into markup.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bold, person, text, type Message, type Span } from '../../../src/chat/message.js';
import { toSlackMessage } from '../../../src/chat/slack/blocks.js';
import { escapeMrkdwn, richToMrkdwn } from '../../../src/chat/slack/mrkdwn.js';
import { checkMessage, checkView } from '../../fakes/slack/index.js';

const ctx = { teamId: 'T0BATON' };
const valid = (m: Message) => {
  const out = toSlackMessage(m, ctx);
  expect(checkMessage({ text: out.text, blocks: out.blocks })).toBeUndefined();
  return out;
};

describe('toSlackMessage', () => {
  it('renders a lead card: header, fields, mention of a same-workspace person, buttons with codec ids', () => {
    const anna = { id: 'p1', name: 'Anna', addresses: ['telegram:42', 'slack:T0BATON:U0ANNA'] };
    const boris = { id: 'p2', name: 'Boris <admin>', addresses: ['slack:T0OTHER:U0BORIS'] };
    const out = valid({
      summary: 'L-1 Acme offered to Anna',
      blocks: [
        { type: 'header', text: 'L-1 · Acme & Co' },
        { type: 'fields', fields: [{ label: 'Contact', value: [text('Jane <jane@acme.com>')] }] },
        { type: 'text', text: [text('Offered to '), person(anna), text(' — skipped '), person(boris)] },
        { type: 'context', text: [bold('why you:'), text(' next in rotation')] },
        {
          type: 'actions',
          buttons: [
            { label: 'Claim', style: 'primary', action: { id: 'lead.claim', ref: 'lead_1' } },
            { label: 'Pass', action: { id: 'lead.pass', ref: 'lead_1' } },
          ],
        },
        { type: 'divider' },
      ],
    });
    expect(out.text).toBe('L-1 Acme offered to Anna');
    expect(out.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'L-1 · Acme & Co', emoji: true },
    });
    expect(JSON.stringify(out.blocks[1])).toContain('Jane &lt;jane@acme.com&gt;');
    expect(out.blocks[2]).toMatchObject({
      text: { text: 'Offered to <@U0ANNA> — skipped @Boris &lt;admin&gt;' },
    });
    expect(out.blocks[4]).toMatchObject({
      type: 'actions',
      elements: [
        { action_id: 'lead.claim:lead_1', value: '{"r":"lead_1"}', style: 'primary' },
        { action_id: 'lead.pass:lead_1' },
      ],
    });
  });

  it('splits long text across sections of ≤ 3000 characters and keeps escapes whole', () => {
    const long = Array.from({ length: 900 }, (_, i) => `w${i} &<>`).join(' ');
    const out = valid({ summary: 's', blocks: [{ type: 'text', text: [text(long)] }] });
    expect(out.blocks.length).toBeGreaterThan(2);
    const joined = out.blocks.map((b) => (b as { text: { text: string } }).text.text).join(' ');
    expect(joined.replace(/\s+/g, ' ')).toBe(escapeMrkdwn(long).replace(/\s+/g, ' '));
  });

  it('stays within 50 blocks, keeping the buttons, and shortens labels and headers', () => {
    const blocks: Message['blocks'] = Array.from({ length: 80 }, (_, i) => ({
      type: 'text',
      text: [text(`line ${i}`)],
    }));
    blocks.push({ type: 'header', text: 'h'.repeat(400) });
    blocks.push({
      type: 'actions',
      buttons: [{ label: 'x'.repeat(100), action: { id: 'kpi.period', ref: 'me', arg: 'week' } }],
    });
    const out = valid({ summary: 'many', blocks });
    expect(out.blocks).toHaveLength(50);
    expect(out.blocks.some((b) => b.type === 'actions')).toBe(true);
  });

  it('makes repeated buttons unique and sends PNG images as uploads, showing their alt text', () => {
    const claim = { label: 'Claim', action: { id: 'lead.claim' as const, ref: 'lead_1' } };
    const out = valid({
      summary: 'digest',
      blocks: [
        { type: 'actions', buttons: [claim, claim] },
        { type: 'image', png: new Uint8Array([137, 80, 78, 71]), alt: 'Funnel chart' },
        { type: 'image', url: 'https://example.com/c.png', alt: 'hosted' },
      ],
    });
    expect(out.images).toEqual([{ png: new Uint8Array([137, 80, 78, 71]), alt: 'Funnel chart' }]);
    expect(JSON.stringify(out.blocks)).toContain('Funnel chart');
    expect(out.blocks.at(-1)).toMatchObject({ type: 'image', image_url: 'https://example.com/c.png' });
  });

  it('is valid for a Home tab of up to 100 blocks', () => {
    const blocks: Message['blocks'] = Array.from({ length: 120 }, (_, i) => ({
      type: 'text',
      text: [text(`l${i}`)],
    }));
    const out = toSlackMessage({ summary: 'home', blocks }, { ...ctx, maxBlocks: 100 });
    expect(checkView({ type: 'home', blocks: out.blocks }, 'home')).toBeUndefined();
    expect(out.blocks).toHaveLength(100);
  });

  it('never lets user text become markup (property)', () => {
    const span = fc.oneof(
      fc.string().map((v): Span => ({ t: 'text', v })),
      fc.string().map((v): Span => ({ t: 'b', v })),
      fc.string().map((v): Span => ({ t: 'code', v })),
    );
    fc.assert(
      fc.property(fc.array(span, { maxLength: 6 }), (rich) => {
        const md = richToMrkdwn(rich, ctx);
        // Every "<" Slack could read as a link/mention and every "&" start an escape we wrote.
        expect(md).not.toMatch(/<(?!@U)/);
        expect(md.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
      }),
      { numRuns: 300 },
    );
  });
});
