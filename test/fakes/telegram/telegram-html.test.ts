import { describe, expect, it } from '@jest/globals';
import { EntityParseError, parseTelegramHtml } from './telegram-html.js';

const error = (html: string): string => {
  try {
    parseTelegramHtml(html);
  } catch (e) {
    if (e instanceof EntityParseError) return e.message;
    throw e;
  }
  throw new Error(`parsed without error: ${html}`);
};

describe("Telegram's HTML parse mode", () => {
  it('turns the documented tags into entities with UTF-16 offsets', () => {
    const { text, entities } = parseTelegramHtml(
      '👋 <b>bold <i>both</i></b> <u>u</u> <s>s</s> <tg-spoiler>x</tg-spoiler> <span class="tg-spoiler">y</span> ' +
        '<a href="https://example.com/?a=1&amp;b=2">link</a> <code>c</code> <pre><code class="language-ts">p</code></pre> ' +
        '<blockquote expandable>q</blockquote> <tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
    );
    expect(text).toBe('👋 bold both u s x y link c p q 👍');
    expect(entities).toEqual([
      { type: 'bold', offset: 3, length: 9 },
      { type: 'italic', offset: 8, length: 4 },
      { type: 'underline', offset: 13, length: 1 },
      { type: 'strikethrough', offset: 15, length: 1 },
      { type: 'spoiler', offset: 17, length: 1 },
      { type: 'spoiler', offset: 19, length: 1 },
      { type: 'text_link', offset: 21, length: 4, url: 'https://example.com/?a=1&b=2' },
      { type: 'code', offset: 26, length: 1 },
      { type: 'pre', offset: 28, length: 1, language: 'ts' },
      { type: 'expandable_blockquote', offset: 30, length: 1 },
      { type: 'custom_emoji', offset: 32, length: 2, custom_emoji_id: '5368324170671202286' },
    ]);
  });

  it('decodes &lt; &gt; &amp; &quot; and numeric references; other & sequences stay text', () => {
    expect(parseTelegramHtml('&lt;b&gt; &amp; &quot;q&quot; &#39;&#x41; &nbsp; R&D').text).toBe(
      `<b> & "q" 'A &nbsp; R&D`,
    );
  });

  it('trims surrounding whitespace as Telegram does', () => {
    expect(parseTelegramHtml('  <b> hi </b>\n')).toEqual({
      text: 'hi',
      entities: [{ type: 'bold', offset: 0, length: 2 }],
    });
  });

  it("rejects what Telegram rejects, in Telegram's words", () => {
    expect(error('1 < 2')).toBe('Unsupported start tag "" at byte offset 2');
    expect(error('line<br>break')).toBe('Unsupported start tag "br" at byte offset 4');
    expect(error('<div>x</div>')).toBe('Unsupported start tag "div" at byte offset 0');
    expect(error('<b>bold')).toBe('Can\'t find end tag corresponding to start tag "b"');
    expect(error('<b><i>x</b></i>')).toBe(
      'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"',
    );
    expect(error('x</b>')).toBe('Unexpected end tag at byte offset 1');
    expect(error('<span>x</span>')).toBe('Tag "span" must have class "tg-spoiler" at byte offset 0');
    expect(error('é <b')).toBe('Unclosed start tag at byte offset 3');
  });
});
