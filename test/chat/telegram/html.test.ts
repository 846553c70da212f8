import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bold, code, italic, person, text, type Block, type Message } from '../../../src/chat/message.js';
import { renderForEdit, renderMessage, TEXT_LIMIT } from '../../../src/chat/telegram/html.js';
import { parseTelegramHtml } from '../../fakes/telegram/telegram-html.js';

const textsOf = (m: Message, limit?: number) =>
  renderMessage(m, limit).parts.map((p) => {
    if (p.kind !== 'text') throw new Error('expected text');
    return p.html;
  });

describe('Telegram HTML rendering', () => {
  it('escapes user text so it never becomes markup', () => {
    const [html] = textsOf({
      summary: 's',
      blocks: [
        { type: 'header', text: '<b>Acme & Co</b>' },
        { type: 'text', text: [text('Company: '), bold('<script>"x"</script>'), italic('a<b'), code('1 > 0 & 2')] },
      ],
    });
    const parsed = parseTelegramHtml(html!);
    expect(parsed.text).toBe('<b>Acme & Co</b>\nCompany: <script>"x"</script>a<b1 > 0 & 2');
    expect(parsed.entities.map((e) => e.type)).toEqual(['bold', 'bold', 'italic', 'code']);
  });

  it('mentions people with a Telegram address, names the others', () => {
    const anna = person({ id: 'per_1', name: 'Anna <A>', addresses: ['slack:T:U', 'telegram:4242'] });
    const bob = person({ id: 'per_2', name: 'Bob', addresses: ['slack:T:U2'] });
    const [html] = textsOf({ summary: '', blocks: [{ type: 'context', text: [anna, text(' and '), bob] }] });
    expect(html).toBe('<i><a href="tg://user?id=4242">Anna &lt;A&gt;</a></i><i> and </i><i>Bob</i>');
    const parsed = parseTelegramHtml(html!);
    expect(parsed.entities).toContainEqual(expect.objectContaining({ type: 'text_link', url: 'tg://user?id=4242' }));
  });

  it('links only safe URLs, with the URL escaped', () => {
    const [html] = textsOf({
      summary: '',
      blocks: [{ type: 'text', text: [{ t: 'link', v: 'site', url: 'https://a.b/?x=1&y="2"' }, { t: 'link', v: ' bad', url: 'javascript:alert(1)' }] }],
    });
    expect(html).toBe('<a href="https://a.b/?x=1&amp;y=&quot;2&quot;">site</a> bad');
    expect(parseTelegramHtml(html!).entities[0]).toMatchObject({ url: 'https://a.b/?x=1&y="2"' });
  });

  it('renders fields, dividers and buttons; the summary when there is no text', () => {
    const m: Message = {
      summary: 'Lead L-1',
      blocks: [
        { type: 'fields', fields: [{ label: 'Source', value: [text('Inbound')] }, { label: 'Value', value: [text('$25,000')] }] },
        { type: 'divider' },
        { type: 'actions', buttons: [{ label: 'Claim', action: { id: 'lead.claim', ref: 'lead_1' } }] },
      ],
    };
    const r = renderMessage(m);
    expect(r.buttons).toHaveLength(1);
    expect(parseTelegramHtml((r.parts[0] as { html: string }).html).text).toBe('Source: Inbound\nValue: $25,000');
    expect(textsOf({ summary: 'Only <buttons>', blocks: [{ type: 'actions', buttons: [] }] })).toEqual(['Only &lt;buttons&gt;']);
  });

  it('splits a 6,000-character digest at a section boundary into two valid messages', () => {
    const section = (n: number): Block[] => [
      { type: 'header', text: `Section ${n}` },
      { type: 'text', text: [text(`${'word '.repeat(290)}<&>`)] },
    ];
    const blocks = [1, 2, 3, 4].flatMap(section);
    const parts = textsOf({ summary: 'digest', blocks });
    expect(parts).toHaveLength(2);
    const shown = parts.map((h) => parseTelegramHtml(h).text);
    for (const s of shown) expect(s.length).toBeLessThanOrEqual(TEXT_LIMIT);
    expect(shown[0]!.startsWith('Section 1')).toBe(true);
    expect(shown[1]!.startsWith('Section 3')).toBe(true);
  });

  it('cuts an oversized block between lines, re-opening its tags (fuzz: always valid, never over the limit, nothing lost)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom('text', 'b', 'i', 'code'),
            v: fc.string({ unit: 'grapheme', maxLength: 400 }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        fc.integer({ min: 20, max: 300 }),
        (spans, limit) => {
          const rich = spans.map((s) => ({ t: s.kind, v: s.v }) as { t: 'text'; v: string });
          const parts = textsOf({ summary: 'x', blocks: [{ type: 'text', text: rich }] }, limit);
          const all = parts.map((h) => parseTelegramHtml(h).text);
          for (const s of all) expect(s.length).toBeLessThanOrEqual(limit);
          const original = spans.map((s) => s.v).join('');
          if (original.trim()) expect(all.join('').replace(/\s/g, '')).toBe(original.replace(/\s/g, ''));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('sends images as photos with the alt text as caption, or the alt text alone', () => {
    const r = renderMessage({
      summary: 'chart',
      blocks: [
        { type: 'header', text: 'Digest' },
        { type: 'image', png: new Uint8Array([1, 2, 3]), alt: 'Leads <up> 20%' },
        { type: 'image', alt: 'No picture' },
      ],
    });
    expect(r.parts.map((p) => p.kind)).toEqual(['text', 'photo', 'text']);
    expect(r.parts[1]).toMatchObject({ caption: 'Leads &lt;up&gt; 20%' });
    expect(r.parts[2]).toMatchObject({ html: '<i>No picture</i>' });
  });

  it('edits into one message, marked when shortened', () => {
    const long: Message = { summary: 's', blocks: [1, 2].map((n) => ({ type: 'text', text: [text(`${n}`.repeat(3000))] })) };
    const { html } = renderForEdit(long);
    const shown = parseTelegramHtml(html).text;
    expect(shown.length).toBeLessThanOrEqual(TEXT_LIMIT);
    expect(shown.endsWith('…')).toBe(true);
  });
});
